/**
 * The switches and the links between them as tenantnat routes over them: links discovered by the host (ONOS's
 * topology, or the standalone host's own LLDP) merged with the links the desired state declares, and the shortest
 * paths (by hop count) toward each switch.
 */
package org.tenantnat.fabric;
