package org.tenantnat.impl;

import com.google.common.collect.ImmutableSet;
import org.onlab.packet.IpAddress;
import org.onosproject.cluster.ClusterServiceAdapter;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.DefaultControllerNode;
import org.onosproject.cluster.NodeId;

import java.util.Set;

/**
 * The cluster as one node of a test cluster sees it: its own node.
 */
class TestClusterService extends ClusterServiceAdapter {

    /** Node id of a one-node cluster. */
    static final NodeId LOCAL = NodeId.nodeId("local");

    private final ControllerNode node;

    /**
     * Creates the view of the only node of a cluster.
     */
    TestClusterService() {
        this(LOCAL);
    }

    /**
     * Creates one node's view.
     *
     * @param local this node
     */
    TestClusterService(NodeId local) {
        this.node = new DefaultControllerNode(local, IpAddress.valueOf("127.0.0.1"));
    }

    @Override
    public ControllerNode getLocalNode() {
        return node;
    }

    @Override
    public Set<ControllerNode> getNodes() {
        return ImmutableSet.of(node);
    }
}
