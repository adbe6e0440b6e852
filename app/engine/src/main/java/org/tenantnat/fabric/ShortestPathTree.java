package org.tenantnat.fabric;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.onlab.graph.AdjacencyListsGraph;
import org.onlab.graph.BreadthFirstSearch;
import org.onlab.graph.GraphPathSearch;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.topology.DefaultTopologyEdge;
import org.onosproject.net.topology.DefaultTopologyVertex;
import org.onosproject.net.topology.TopologyEdge;
import org.onosproject.net.topology.TopologyVertex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shortest paths (by hop count) from every switch toward one switch, the root: each switch's next hop is its
 * link toward its parent. One tree per destination keeps hop-by-hop routing consistent: the path from a switch is
 * the path from its next hop, one hop longer, so destination routes installed switch by switch never loop. Ties
 * between paths of equal length are broken by ONOS's {@link BreadthFirstSearch} over links in a fixed order, the
 * same way on every node for the same links. Immutable.
 */
public final class ShortestPathTree {

    private final DeviceId root;
    private final Map<DeviceId, Link> toParent;
    private final Map<DeviceId, Integer> depth;

    private ShortestPathTree(DeviceId root, Map<DeviceId, Link> toParent, Map<DeviceId, Integer> depth) {
        this.root = root;
        this.toParent = toParent;
        this.depth = depth;
    }

    /**
     * Computes the tree toward a root over usable links.
     *
     * @param root  the switch every path leads to
     * @param links usable links, both directions of each, in the order ties are broken by
     * @return tree
     */
    static ShortestPathTree toward(DeviceId root, Collection<Link> links) {
        Set<TopologyVertex> vertices = new LinkedHashSet<>();
        Set<TopologyEdge> reversed = new LinkedHashSet<>();
        TopologyVertex rootVertex = new DefaultTopologyVertex(root);
        vertices.add(rootVertex);
        for (Link l : links) {
            TopologyVertex from = new DefaultTopologyVertex(l.src().deviceId());
            TopologyVertex to = new DefaultTopologyVertex(l.dst().deviceId());
            vertices.add(from);
            vertices.add(to);
            // Searching from the root along links turned round finds, for each switch, its link toward the root.
            reversed.add(new DefaultTopologyEdge(to, from, l));
        }
        GraphPathSearch.Result<TopologyVertex, TopologyEdge> result = new BreadthFirstSearch<TopologyVertex,
                TopologyEdge>().search(new AdjacencyListsGraph<>(vertices, reversed), rootVertex, null, null,
                                       GraphPathSearch.ALL_PATHS);
        ImmutableMap.Builder<DeviceId, Link> parents = ImmutableMap.builder();
        result.parents().forEach((vertex, edges) -> edges.stream().findFirst()
                .ifPresent(e -> parents.put(vertex.deviceId(), e.link())));
        Map<DeviceId, Link> toParent = parents.build();
        ImmutableMap.Builder<DeviceId, Integer> depth = ImmutableMap.builder();
        depth.put(root, 0);
        toParent.keySet().forEach(d -> depth.put(d, hops(d, root, toParent)));
        return new ShortestPathTree(root, toParent, depth.build());
    }

    private static int hops(DeviceId from, DeviceId root, Map<DeviceId, Link> toParent) {
        int hops = 0;
        for (DeviceId at = from; !at.equals(root); at = toParent.get(at).dst().deviceId()) {
            hops++;
        }
        return hops;
    }

    /**
     * Returns the switch every path leads to.
     *
     * @return root
     */
    public DeviceId root() {
        return root;
    }

    /**
     * Tells whether a switch has a path to the root (the root has one, of no hop).
     *
     * @param from switch
     * @return true when reachable
     */
    public boolean reaches(DeviceId from) {
        return depth.containsKey(from);
    }

    /**
     * Returns the port a switch sends toward the root on.
     *
     * @param from switch
     * @return port, empty at the root and where the root is unreachable
     */
    public Optional<PortNumber> nextHop(DeviceId from) {
        return Optional.ofNullable(toParent.get(from)).map(l -> l.src().port());
    }

    /**
     * Returns how many hops a switch is from the root.
     *
     * @param from switch
     * @return hops, 0 at the root
     * @throws IllegalArgumentException when the switch has no path to the root
     */
    public int depth(DeviceId from) {
        Integer hops = depth.get(from);
        if (hops == null) {
            throw new IllegalArgumentException(from + " has no path to " + root);
        }
        return hops;
    }

    /**
     * Tells whether the path from a switch to the root passes through another switch (either end included).
     *
     * @param from switch the path starts at
     * @param here switch asked about
     * @return true when {@code here} is on the path; false when there is no path
     */
    public boolean crosses(DeviceId from, DeviceId here) {
        if (!reaches(from) || !reaches(here)) {
            return false;
        }
        DeviceId at = from;
        while (!at.equals(here) && !at.equals(root)) {
            at = toParent.get(at).dst().deviceId();
        }
        return at.equals(here);
    }

    /**
     * Returns the path from a switch to the root.
     *
     * @param from switch
     * @return the switches crossed, {@code from} first and the root last; empty when there is no path
     */
    public List<DeviceId> path(DeviceId from) {
        if (!reaches(from)) {
            return List.of();
        }
        List<DeviceId> path = new ArrayList<>();
        path.add(from);
        for (DeviceId at = from; !at.equals(root); ) {
            at = toParent.get(at).dst().deviceId();
            path.add(at);
        }
        return ImmutableList.copyOf(path);
    }
}
