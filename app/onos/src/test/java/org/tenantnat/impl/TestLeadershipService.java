package org.tenantnat.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.cluster.Leader;
import org.onosproject.cluster.Leadership;
import org.onosproject.cluster.LeadershipEvent;
import org.onosproject.cluster.LeadershipEventListener;
import org.onosproject.cluster.LeadershipServiceAdapter;
import org.onosproject.cluster.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Leadership elections as one node of a test cluster sees them: the first candidate of a topic leads it until it
 * withdraws, then the next one leads, in a new term; every change is posted to every node's listeners.
 */
class TestLeadershipService extends LeadershipServiceAdapter {

    /** The cluster's elections: one per test cluster, shared by every node's view. */
    static final class Elections {
        private final Map<String, List<NodeId>> candidates = new HashMap<>();
        private final Map<String, Leader> leaders = new HashMap<>();
        private final List<TestLeadershipService> views = new CopyOnWriteArrayList<>();
        private long term;

        synchronized Leadership leadership(String topic) {
            return new Leadership(topic, leaders.get(topic),
                                  ImmutableList.copyOf(candidates.getOrDefault(topic, List.of())));
        }

        private void change(String topic, NodeId node, boolean running) {
            Leadership leadership;
            synchronized (this) {
                List<NodeId> queue = candidates.computeIfAbsent(topic, t -> new ArrayList<>());
                if (running && !queue.contains(node)) {
                    queue.add(node);
                } else if (!running) {
                    queue.remove(node);
                }
                Leader leader = leaders.get(topic);
                if (leader == null || !queue.contains(leader.nodeId())) {
                    if (queue.isEmpty()) {
                        leaders.remove(topic);
                    } else {
                        leaders.put(topic, new Leader(queue.get(0), ++term, System.currentTimeMillis()));
                    }
                }
                leadership = leadership(topic);
            }
            LeadershipEvent event = new LeadershipEvent(LeadershipEvent.Type.LEADER_AND_CANDIDATES_CHANGED,
                                                        leadership);
            views.forEach(v -> v.listeners.stream().filter(l -> l.isRelevant(event)).forEach(l -> l.event(event)));
        }
    }

    private final Elections elections;
    private final NodeId local;
    private final List<LeadershipEventListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates one node's view of a cluster's elections.
     *
     * @param elections the cluster's elections
     * @param local     this node
     */
    TestLeadershipService(Elections elections, NodeId local) {
        this.elections = elections;
        this.local = local;
        elections.views.add(this);
    }

    /**
     * Takes this node out of the cluster, as when it crashes: its candidacy for a topic ends (its session expired)
     * and it hears nothing more.
     *
     * @param topic topic it ran for
     */
    void crash(String topic) {
        elections.views.remove(this);
        elections.change(topic, local, false);
    }

    @Override
    public Leadership runForLeadership(String topic) {
        elections.change(topic, local, true);
        return elections.leadership(topic);
    }

    @Override
    public void withdraw(String topic) {
        elections.change(topic, local, false);
    }

    @Override
    public Leadership getLeadership(String topic) {
        return elections.leadership(topic);
    }

    @Override
    public NodeId getLeader(String topic) {
        return elections.leadership(topic).leaderNodeId();
    }

    @Override
    public List<NodeId> getCandidates(String topic) {
        return elections.leadership(topic).candidates();
    }

    @Override
    public void addListener(LeadershipEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LeadershipEventListener listener) {
        listeners.remove(listener);
    }
}
