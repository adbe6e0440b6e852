package org.tenantnat.arp;

import org.onlab.packet.MacAddress;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.pipeline.Neighbours;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * MACs of routers and services learned from their ARP packets, per attachment: two tenants' routers may share an
 * address, so a MAC is only known for the port and VLAN it was heard on.
 */
public final class NeighbourTable implements Neighbours {

    private final Map<Neighbour, MacAddress> macs = new ConcurrentHashMap<>();

    @Override
    public Optional<MacAddress> macOf(Neighbour neighbour) {
        return Optional.ofNullable(macs.get(neighbour));
    }

    /**
     * Records or forgets a neighbour's MAC.
     *
     * @param neighbour router or service
     * @param mac       its MAC, empty to forget it
     */
    public void set(Neighbour neighbour, Optional<MacAddress> mac) {
        if (mac.isPresent()) {
            macs.put(neighbour, mac.get());
        } else {
            macs.remove(neighbour);
        }
    }

    /**
     * Returns every MAC learned so far.
     *
     * @return learned MACs, ordered by address, port and VLAN
     */
    public List<LearnedMac> learned() {
        return macs.entrySet().stream()
                .map(e -> new LearnedMac(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing((LearnedMac m) -> m.neighbour().ip().toInt())
                                .thenComparing(m -> m.neighbour().port().toString())
                                .thenComparing(m -> m.neighbour().vlan().toShort()))
                .collect(Collectors.toList());
    }
}
