/**
 * The ONOS host: the manager component, the FlowRuleService southbound, the distributed store, the network-config
 * class and ARP packet handling.
 */
package org.tenantnat.impl;
