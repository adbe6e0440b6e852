/**
 * The standalone host's OpenFlow 1.3 southbound: a Netty controller channel that accepts switches, encodes the
 * compiled ONOS flow rules with openflowj, reconciles switch tables and relays packet-in/packet-out.
 */
package org.tenantnat.standalone.openflow;
