package org.tenantnat.pipeline;

import org.onlab.packet.MacAddress;
import org.tenantnat.api.model.Neighbour;

import java.util.Optional;

/**
 * MAC addresses learned by ARP for routers and services whose MAC the document does not give.
 */
@FunctionalInterface
public interface Neighbours {

    /** Knows no neighbour. */
    Neighbours NONE = neighbour -> Optional.empty();

    /**
     * Returns the MAC learned for a neighbour.
     *
     * @param neighbour router or service on its attachment
     * @return MAC, empty when not (yet) resolved
     */
    Optional<MacAddress> macOf(Neighbour neighbour);
}
