package org.tenantnat.fabric;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.SetMultimap;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.provider.ProviderId;
import org.tenantnat.api.LinkState;
import org.tenantnat.api.model.FabricLink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The links between switches as tenantnat routes over them, at one moment: links the host discovered (both ways)
 * merged with the links the desired state declares (usable while both switches are connected and both ports up),
 * minus links that end on a tenant's or service's port. Paths are shortest by hop count, one
 * {@link ShortestPathTree} per destination switch, computed when first asked for. Immutable but for that cache;
 * safe to share between threads.
 */
public final class Fabric {

    /** A fabric without any link: every switch stands alone. */
    public static final Fabric NONE = new Fabric(List.of(), List.of());

    private static final ProviderId DECLARED = new ProviderId("tenantnat", "org.tenantnat.declared");
    private static final Comparator<Link> LINK_ORDER = Comparator.comparing((Link l) -> l.src().toString())
            .thenComparing(l -> l.dst().toString());

    private final List<LinkState> states;
    private final List<Link> usable;
    private final SetMultimap<DeviceId, PortNumber> fabricPorts;
    private final Map<DeviceId, ShortestPathTree> trees = new ConcurrentHashMap<>();

    private Fabric(List<LinkState> states, List<Link> usable) {
        this.states = ImmutableList.copyOf(states);
        List<Link> sorted = new ArrayList<>(usable);
        sorted.sort(LINK_ORDER);
        this.usable = ImmutableList.copyOf(sorted);
        ImmutableSetMultimap.Builder<DeviceId, PortNumber> ports = ImmutableSetMultimap.builder();
        sorted.forEach(l -> ports.put(l.src().deviceId(), l.src().port()));
        this.fabricPorts = ports.build();
    }

    /**
     * Builds the fabric of a moment.
     *
     * @param discovered links the host discovered, one per direction
     * @param declared   links the desired state declares
     * @param connected  tells whether a switch is connected
     * @param portUp     tells whether a port is up (true when unknown)
     * @param attachment names what attaches at a port (a tenant or service), empty for a free port
     * @return fabric
     */
    public static Fabric of(Collection<Link> discovered, Collection<FabricLink> declared,
                            Predicate<DeviceId> connected, Predicate<ConnectPoint> portUp,
                            Function<ConnectPoint, Optional<String>> attachment) {
        Map<String, Ends> byKey = new TreeMap<>();
        for (Link l : discovered) {
            byKey.computeIfAbsent(key(l.src(), l.dst()), k -> new Ends(l.src(), l.dst())).seen(l.src());
        }
        for (FabricLink l : declared) {
            byKey.computeIfAbsent(l.key(), k -> new Ends(l.src(), l.dst())).declared = true;
        }
        List<LinkState> states = new ArrayList<>();
        List<Link> usable = new ArrayList<>();
        for (Ends e : byKey.values()) {
            LinkState state = e.state(connected, portUp, attachment);
            states.add(state);
            if (state.state() == LinkState.State.UP) {
                usable.add(link(e.low, e.high));
                usable.add(link(e.high, e.low));
            }
        }
        return new Fabric(states, usable);
    }

    private static String key(ConnectPoint a, ConnectPoint b) {
        return new FabricLink(a, b).key();
    }

    private static Link link(ConnectPoint src, ConnectPoint dst) {
        return DefaultLink.builder().providerId(DECLARED).src(src).dst(dst).type(Link.Type.DIRECT)
                .state(Link.State.ACTIVE).build();
    }

    /**
     * Returns every link known, with whether paths may use it.
     *
     * @return links ordered by their ends
     */
    public List<LinkState> links() {
        return states;
    }

    /**
     * Returns the ports of a switch that lead to other switches over usable links.
     *
     * @param device switch
     * @return ports
     */
    public Set<PortNumber> fabricPorts(DeviceId device) {
        return fabricPorts.get(device);
    }

    /**
     * Returns the switches with at least one usable link.
     *
     * @return switches
     */
    public Set<DeviceId> switches() {
        return ImmutableSet.copyOf(fabricPorts.keySet());
    }

    /**
     * Tells whether the fabric has no usable link at all.
     *
     * @return true when every switch stands alone
     */
    public boolean isEmpty() {
        return usable.isEmpty();
    }

    /**
     * Returns the shortest paths from every switch toward one.
     *
     * @param root destination switch
     * @return tree; a switch without links reaches only itself
     */
    public ShortestPathTree toward(DeviceId root) {
        return trees.computeIfAbsent(root, r -> ShortestPathTree.toward(r, usable));
    }

    /**
     * Tells whether another fabric routes over exactly the same links (the link states may differ otherwise).
     *
     * @param other fabric
     * @return true when the usable links are the same
     */
    public boolean sameRoutesAs(Fabric other) {
        return usable.equals(other.usable);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Fabric && states.equals(((Fabric) o).states)
                && usable.equals(((Fabric) o).usable));
    }

    @Override
    public int hashCode() {
        return Objects.hash(states, usable);
    }

    @Override
    public String toString() {
        return "Fabric{" + states.size() + " links, " + usable.size() / 2 + " up}";
    }

    /** What is known of one link: its ends (lower first), which ways it was seen, whether it is declared. */
    private static final class Ends {
        private final ConnectPoint low;
        private final ConnectPoint high;
        private final Set<ConnectPoint> seenFrom = new HashSet<>();
        private boolean declared;

        Ends(ConnectPoint a, ConnectPoint b) {
            boolean inOrder = a.toString().compareTo(b.toString()) <= 0;
            this.low = inOrder ? a : b;
            this.high = inOrder ? b : a;
        }

        void seen(ConnectPoint src) {
            seenFrom.add(src);
        }

        LinkState state(Predicate<DeviceId> connected, Predicate<ConnectPoint> portUp,
                        Function<ConnectPoint, Optional<String>> attachment) {
            if (low.deviceId().equals(high.deviceId())) {
                return state(LinkState.State.IGNORED, "it loops back to " + low.deviceId());
            }
            for (ConnectPoint end : List.of(low, high)) {
                Optional<String> what = attachment.apply(end);
                if (what.isPresent()) {
                    return state(LinkState.State.IGNORED, end + " is the attachment of " + what.get());
                }
            }
            for (ConnectPoint end : List.of(low, high)) {
                if (!connected.test(end.deviceId())) {
                    return state(LinkState.State.DOWN, "switch " + end.deviceId() + " is not connected");
                }
            }
            if (seenFrom.size() == 2) {
                return state(LinkState.State.UP, null);
            }
            if (declared) {
                for (ConnectPoint end : List.of(low, high)) {
                    if (!portUp.test(end)) {
                        return state(LinkState.State.DOWN, "port " + end + " is down");
                    }
                }
                return state(LinkState.State.UP, null);
            }
            ConnectPoint from = seenFrom.iterator().next();
            return state(LinkState.State.DOWN, "seen one way only, from " + from + " to "
                    + (from.equals(low) ? high : low));
        }

        private LinkState state(LinkState.State state, String reason) {
            return new LinkState(low, high, declared, !seenFrom.isEmpty(), state, reason);
        }
    }
}
