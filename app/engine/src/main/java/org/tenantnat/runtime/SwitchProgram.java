package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.OwnerRules;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.RuleDiff;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.pipeline.SwitchCompiler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * Programs one switch: keeps, owner by owner, the rules last sent to it, compiles again the owners a change
 * touched, and sends only the difference, split into the {@link Stages} of a make-before-break {@link Rollout}.
 * Each batch gets a generation; batches leave in generation order (a batch waits in this switch's queue until its
 * stage opens and every earlier batch has left) and the switch confirms them in order (barrier), so an owner is
 * installed once the generation of its last batch is confirmed. Statuses go to the {@link ProgressStore}, where
 * every node reads them.
 */
final class SwitchProgram {

    /** A batch sent to the switch. */
    static final class Batch {
        private final long generation;
        private final int stage;
        private final RuleDelta delta;
        private final Set<FlowRule> all;
        private final CompletableFuture<Void> confirmation = new CompletableFuture<>();
        private Rollout rollout;
        private boolean open;

        private Batch(long generation, int stage, RuleDelta delta, Set<FlowRule> all) {
            this.generation = generation;
            this.stage = stage;
            this.delta = delta;
            this.all = all;
        }

        long generation() {
            return generation;
        }

        /** The stage of its rollout the batch belongs to ({@link Stages}). */
        int stage() {
            return stage;
        }

        /** The rollout the batch is part of; null for a reconciliation. */
        Rollout rollout() {
            return rollout;
        }

        /** Lets the batch leave once every earlier batch of its switch has left. */
        void open() {
            open = true;
        }

        /** The changes to send, for an incremental batch. */
        RuleDelta delta() {
            return delta;
        }

        /** Every rule the switch must hold, for a reconciliation; null for an incremental batch. */
        Set<FlowRule> all() {
            return all;
        }

        /**
         * Completes when the switch confirmed the batch, exceptionally when it rejected it or the batch never left:
         * packets a first packet's binding holds back are released on it.
         */
        CompletableFuture<Void> confirmation() {
            return confirmation;
        }
    }

    private final DeviceId device;
    private final SwitchCompiler compiler;
    private final ProgressStore progress;
    private final ReconcileRetry retry;
    private final Map<RuleOwner, OwnerRules> sent = new HashMap<>();
    private final Map<RuleOwner, Long> sentGeneration = new HashMap<>();
    private final Map<ProgressStore.Withdrawal, Long> withdrawals = new HashMap<>();
    private final Deque<Batch> queue = new ArrayDeque<>();
    private CompletableFuture<Void> lastSent = CompletableFuture.completedFuture(null);
    private long nextGeneration;
    private long confirmedGeneration = -1;

    SwitchProgram(SwitchCompiler compiler, ProgressStore progress, ReconcileRetry retry) {
        this.device = compiler.device();
        this.compiler = compiler;
        this.progress = progress;
        this.retry = retry;
    }

    DeviceId device() {
        return device;
    }

    /** When this switch is reconciled again after a failed batch. */
    ReconcileRetry retry() {
        return retry;
    }

    /**
     * Compiles the whole switch again and makes it the batch that reconciles the switch's table.
     *
     * @param state state in force
     * @return the batch: every rule the switch must hold
     */
    Batch reconcile(EngineState state) {
        Map<RuleOwner, OwnerRules> all = compiler.all(state);
        Set<RuleOwner> owners = new HashSet<>(sent.keySet());
        owners.addAll(all.keySet());
        sent.clear();
        sent.putAll(all);
        long generation = nextGeneration++;
        owners.forEach(o -> record(o, generation));
        Set<FlowRule> rules = new HashSet<>();
        all.values().forEach(o -> rules.addAll(o.rules()));
        return new Batch(generation, Stages.MAKE, null, rules);
    }

    /** What compiling owners again changed on the switch, before it is cut into batches. */
    static final class Recompiled {
        private final Stages stages;
        private final List<RuleOwner> changed;
        private final List<Touched.Withdrawal> withdrawn;

        private Recompiled(Stages stages, List<RuleOwner> changed, List<Touched.Withdrawal> withdrawn) {
            this.stages = stages;
            this.changed = changed;
            this.withdrawn = withdrawn;
        }

        /** Tells whether any rule of the switch changes. */
        boolean changesRules() {
            return stages.changeRules();
        }
    }

    /**
     * Compiles the given owners again and keeps the result as what the switch is to hold.
     *
     * @param owners    owners touched by a change
     * @param state     state in force
     * @param withdrawn accesses withdrawn from this switch by the change
     * @return what changed, to be cut into batches by {@link #batches}
     */
    Recompiled recompile(Collection<RuleOwner> owners, EngineState state, List<Touched.Withdrawal> withdrawn) {
        Stages stages = Stages.of();
        List<RuleOwner> changed = new ArrayList<>();
        for (RuleOwner owner : owners) {
            OwnerRules before = sent.getOrDefault(owner, OwnerRules.NONE);
            OwnerRules after = compile(owner, state);
            if (!after.sameAs(before)) {
                stages.owner(owner, before, after);
                changed.add(owner);
                if (after.isEmpty()) {
                    sent.remove(owner);
                } else {
                    sent.put(owner, after);
                }
            }
        }
        return new Recompiled(stages, changed, withdrawn);
    }

    /**
     * Cuts what changed into batches, one per stage, and records the owners' statuses until they are confirmed.
     *
     * @param recompiled what changed
     * @param round      hops from its destination of a route owner on this switch (0 for other owners)
     * @param staged     whether other switches change too, so the changes go in make-before-break stages; else
     *                   they go as one batch
     * @return the batches, in stage order; one with an empty delta when owners changed without any rule changing;
     *         none when nothing changed
     */
    List<Batch> batches(Recompiled recompiled, ToIntFunction<RuleOwner> round, boolean staged) {
        if (recompiled.changed.isEmpty() && recompiled.withdrawn.isEmpty()) {
            return List.of();
        }
        List<Batch> batches = new ArrayList<>();
        Map<RuleOwner, Long> lastBatch = new HashMap<>();
        (staged ? recompiled.stages.split(round) : recompiled.stages.whole()).forEach((stage, content) -> {
            Batch batch = new Batch(nextGeneration++, stage, content.delta(), null);
            batches.add(batch);
            content.owners().forEach(o -> lastBatch.put(o, batch.generation));
        });
        if (batches.isEmpty()) {
            batches.add(new Batch(nextGeneration++, Stages.MAKE, RuleDelta.NONE, null));
        }
        long last = batches.get(batches.size() - 1).generation;
        recompiled.changed.forEach(o -> record(o, lastBatch.getOrDefault(o, last)));
        for (Touched.Withdrawal w : recompiled.withdrawn) {
            ProgressStore.Withdrawal key = new ProgressStore.Withdrawal(device, w.tenant(), w.access());
            withdrawals.put(key, last);
            progress.setWithdrawal(key, true);
        }
        return batches;
    }

    /**
     * Queues a batch of a rollout; it leaves when its stage opens and every earlier batch has left.
     *
     * @param batch   batch
     * @param rollout the rollout it belongs to
     */
    void enqueue(Batch batch, Rollout rollout) {
        batch.rollout = rollout;
        queue.addLast(batch);
    }

    /**
     * Takes the next batch that may leave now.
     *
     * @return batch, empty when the queue is empty or its head waits for its stage
     */
    Optional<Batch> nextToSend() {
        Batch head = queue.peekFirst();
        if (head == null || !head.open) {
            return Optional.empty();
        }
        return Optional.of(queue.pollFirst());
    }

    /**
     * Records that a batch left, and returns when the switch will have confirmed it: a batch that changes nothing
     * is confirmed with the batch sent before it.
     *
     * @param batch batch that left
     * @param sent  its confirmation from the switch, or null when it carried no rule
     * @return completes when the switch confirmed it and every earlier batch
     */
    CompletableFuture<Void> left(Batch batch, CompletableFuture<Void> sent) {
        CompletableFuture<Void> done = sent != null ? sent : lastSent.handle((ok, error) -> null);
        lastSent = done;
        return done;
    }

    /**
     * Returns the pipeline last sent, owner by owner.
     *
     * @return pipeline
     */
    CompiledPipeline sent() {
        return new CompiledPipeline(device, sent);
    }

    /**
     * Sends an owner's rules again as they are, e.g. a host's binding rules that the switch no longer holds (it
     * removed them as idle while the host sent again).
     *
     * @param owner owner
     * @return the batch: the owner's rules as additions
     */
    Batch resend(RuleOwner owner) {
        OwnerRules rules = sent.getOrDefault(owner, OwnerRules.NONE);
        RuleDiff diff = new RuleDiff();
        diff.owner(Set.of(), rules.rules());
        return new Batch(nextGeneration++, Stages.MAKE, diff.delta(), null);
    }

    /**
     * Returns the rules last sent for an owner.
     *
     * @param owner owner
     * @return its rules, {@link OwnerRules#NONE} when it has none here
     */
    OwnerRules sent(RuleOwner owner) {
        return sent.getOrDefault(owner, OwnerRules.NONE);
    }

    /** Records the switch's confirmation of a batch (and so of every earlier one). */
    void confirmed(long generation) {
        confirmedGeneration = Math.max(confirmedGeneration, generation);
        sentGeneration.forEach((owner, g) -> {
            if (g <= confirmedGeneration) {
                OwnerRules rules = sent.get(owner);
                if (rules != null && rules.failure().isEmpty() && rules.pending().isEmpty()) {
                    progress.setStatus(device, owner, Optional.of(OwnerStatus.INSTALLED));
                }
            }
        });
        sentGeneration.values().removeIf(g -> g <= confirmedGeneration);
        withdrawals.entrySet().removeIf(e -> {
            if (e.getValue() <= confirmedGeneration) {
                progress.setWithdrawal(e.getKey(), false);
                return true;
            }
            return false;
        });
    }

    /** Records that a batch failed; its owners stay failed until sent again. */
    void failed(long generation, String reason) {
        sentGeneration.forEach((owner, g) -> {
            if (g == generation) {
                progress.setStatus(device, owner, Optional.of(new OwnerStatus(OwnerStatus.State.FAILED, reason)));
            }
        });
        sentGeneration.values().removeIf(g -> g == generation);
    }

    /**
     * Forgets what was sent: the switch is gone or programmed by another node.
     *
     * @return the batches that were still waiting to leave, which never will
     */
    List<Batch> forget() {
        withdrawals.keySet().forEach(w -> progress.setWithdrawal(w, false));
        withdrawals.clear();
        List<Batch> dropped = new ArrayList<>(queue);
        queue.clear();
        return dropped;
    }

    // Records that a batch carries the owner's rules: its status until the switch confirms the batch. A host's
    // binding rules have no status of their own: no intent waits for them, and a first packet must not cost a write
    // to the progress store.
    private void record(RuleOwner owner, long generation) {
        if (owner.host().isPresent()) {
            return;
        }
        OwnerRules rules = sent.get(owner);
        if (rules == null) {
            sentGeneration.remove(owner);
            progress.setStatus(device, owner, Optional.empty());
            return;
        }
        if (rules.failure().isPresent()) {
            sentGeneration.remove(owner);
            progress.setStatus(device, owner, Optional.of(new OwnerStatus(OwnerStatus.State.FAILED,
                                                                          rules.failure().get())));
            return;
        }
        sentGeneration.put(owner, generation);
        progress.setStatus(device, owner, Optional.of(rules.pending()
                .map(reason -> new OwnerStatus(OwnerStatus.State.PENDING, reason))
                .orElse(OwnerStatus.INSTALLING)));
    }

    private OwnerRules compile(RuleOwner owner, EngineState state) {
        switch (owner.kind()) {
            case SHARED:
                return compiler.shared(state, state.desired().hasTenantsOn(device));
            case SERVICE_ROUTE:
                return state.service(owner.service().orElseThrow())
                        .map(s -> compiler.serviceRoute(s, state)).orElse(OwnerRules.NONE);
            case TENANT_ROUTE:
                return state.desired().tenant(owner.tenant().orElseThrow())
                        .filter(t -> !t.edge().equals(device))
                        .map(t -> compiler.tenantRoute(t, state)).orElse(OwnerRules.NONE);
            default:
                break;
        }
        Optional<Tenant> tenant = state.desired().tenant(owner.tenant().orElseThrow())
                .filter(t -> t.edge().equals(device));
        if (tenant.isEmpty()) {
            return OwnerRules.NONE;
        }
        if (owner.kind() == RuleOwner.Kind.BINDING) {
            return compiler.binding(tenant.get(), owner.host().orElseThrow(), state);
        }
        if (owner.kind() == RuleOwner.Kind.TENANT) {
            return compiler.tenant(tenant.get(), state);
        }
        Optional<Access> access = tenant.get().access(owner.service().orElseThrow());
        return access.map(a -> compiler.access(tenant.get(), a, state)).orElse(OwnerRules.NONE);
    }
}
