/**
 * The provider side of ARP on attachments: answers for gateways and VIPs, learns router and service MACs.
 */
package org.tenantnat.arp;
