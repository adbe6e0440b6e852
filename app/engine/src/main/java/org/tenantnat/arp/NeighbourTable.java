package org.tenantnat.arp;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.pipeline.Neighbours;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * MACs of routers and services learned from their ARP packets, per attachment: two tenants' routers may share an
 * address, so a MAC is only known for the port and VLAN it was heard on.
 */
public final class NeighbourTable implements Neighbours {

    private final Map<Key, MacAddress> macs = new ConcurrentHashMap<>();

    @Override
    public Optional<MacAddress> macOf(Ip4Address ip, ConnectPoint port, VlanId vlan) {
        return Optional.ofNullable(macs.get(new Key(ip, port, vlan)));
    }

    /**
     * Records a MAC heard for an address on an attachment.
     *
     * @param ip   neighbour address
     * @param port switch port
     * @param vlan VLAN, {@link VlanId#NONE} when untagged
     * @param mac  MAC it announced
     * @return true when this is new or changed, so the pipeline must be recompiled
     */
    public boolean learn(Ip4Address ip, ConnectPoint port, VlanId vlan, MacAddress mac) {
        return !mac.equals(macs.put(new Key(ip, port, vlan), mac));
    }

    /**
     * Returns every MAC learned so far.
     *
     * @return learned MACs, ordered by address
     */
    public List<LearnedMac> learned() {
        return macs.entrySet().stream()
                .map(e -> new LearnedMac(e.getKey().ip, e.getKey().port, e.getKey().vlan, e.getValue()))
                .sorted(Comparator.comparing((LearnedMac m) -> m.ip().toInt())
                                .thenComparing(m -> m.port().toString()).thenComparing(m -> m.vlan().toShort()))
                .collect(Collectors.toList());
    }

    /**
     * Puts back MACs learned before a restart.
     *
     * @param learned learned MACs
     */
    public void restore(Collection<LearnedMac> learned) {
        learned.forEach(m -> learn(m.ip(), m.port(), m.vlan(), m.mac()));
    }

    private static final class Key {
        private final Ip4Address ip;
        private final ConnectPoint port;
        private final VlanId vlan;

        private Key(Ip4Address ip, ConnectPoint port, VlanId vlan) {
            this.ip = ip;
            this.port = port;
            this.vlan = vlan;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return ip.equals(k.ip) && port.equals(k.port) && vlan.equals(k.vlan);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ip, port, vlan);
        }
    }
}
