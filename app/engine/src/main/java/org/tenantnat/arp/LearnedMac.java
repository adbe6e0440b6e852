package org.tenantnat.arp;

import org.onlab.packet.MacAddress;
import org.tenantnat.api.model.Neighbour;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A MAC learned by ARP for a router or service on its attachment. Kept as a record of the state, so a restarted
 * controller, or a new master, programs the return path at once instead of waiting for ARP again.
 */
public final class LearnedMac {

    private final Neighbour neighbour;
    private final MacAddress mac;

    /**
     * Creates a learned MAC.
     *
     * @param neighbour router or service, on the attachment it answered on
     * @param mac       its MAC
     */
    public LearnedMac(Neighbour neighbour, MacAddress mac) {
        this.neighbour = checkNotNull(neighbour, "neighbour");
        this.mac = checkNotNull(mac, "mac");
    }

    /**
     * Returns the neighbour.
     *
     * @return neighbour
     */
    public Neighbour neighbour() {
        return neighbour;
    }

    /**
     * Returns the MAC.
     *
     * @return MAC
     */
    public MacAddress mac() {
        return mac;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof LearnedMac && neighbour.equals(((LearnedMac) o).neighbour)
                && mac.equals(((LearnedMac) o).mac));
    }

    @Override
    public int hashCode() {
        return Objects.hash(neighbour, mac);
    }

    @Override
    public String toString() {
        return neighbour + " is " + mac;
    }
}
