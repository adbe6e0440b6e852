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

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Programs one switch: keeps, owner by owner, the rules last sent to it, compiles again the owners a change
 * touched, and sends only the difference. Each batch sent gets a generation; the switch confirms batches in order
 * (barrier), so an owner is installed once the generation of its last batch is confirmed. Statuses go to the
 * {@link ProgressStore}, where every node reads them.
 */
final class SwitchProgram {

    /** A batch sent to the switch. */
    static final class Batch {
        private final long generation;
        private final RuleDelta delta;
        private final Set<FlowRule> all;

        private Batch(long generation, RuleDelta delta, Set<FlowRule> all) {
            this.generation = generation;
            this.delta = delta;
            this.all = all;
        }

        long generation() {
            return generation;
        }

        /** The changes to send, for an incremental batch. */
        RuleDelta delta() {
            return delta;
        }

        /** Every rule the switch must hold, for a reconciliation; null for an incremental batch. */
        Set<FlowRule> all() {
            return all;
        }
    }

    private final DeviceId device;
    private final SwitchCompiler compiler;
    private final ProgressStore progress;
    private final ReconcileRetry retry;
    private final Map<RuleOwner, OwnerRules> sent = new HashMap<>();
    private final Map<RuleOwner, Long> sentGeneration = new HashMap<>();
    private final Map<ProgressStore.Withdrawal, Long> withdrawals = new HashMap<>();
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
        return new Batch(generation, null, rules);
    }

    /**
     * Compiles the given owners again and returns what changed.
     *
     * @param owners owners touched by a change
     * @param state  state in force
     * @param withdrawn accesses withdrawn from this switch by the change
     * @return the batch, with an empty delta when nothing changed
     */
    Batch recompile(Collection<RuleOwner> owners, EngineState state, List<Touched.Withdrawal> withdrawn) {
        RuleDiff diff = new RuleDiff();
        List<RuleOwner> changed = new ArrayList<>();
        for (RuleOwner owner : owners) {
            OwnerRules before = sent.getOrDefault(owner, OwnerRules.NONE);
            OwnerRules after = compile(owner, state);
            if (!after.sameAs(before)) {
                diff.owner(before.rules(), after.rules());
                changed.add(owner);
                if (after.isEmpty()) {
                    sent.remove(owner);
                } else {
                    sent.put(owner, after);
                }
            }
        }
        long generation = nextGeneration++;
        changed.forEach(o -> record(o, generation));
        for (Touched.Withdrawal w : withdrawn) {
            ProgressStore.Withdrawal key = new ProgressStore.Withdrawal(device, w.tenant(), w.access());
            withdrawals.put(key, generation);
            progress.setWithdrawal(key, true);
        }
        return new Batch(generation, diff.delta(), null);
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
        return new Batch(nextGeneration++, diff.delta(), null);
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

    /** Forgets what was sent: the switch is gone or programmed by another node. */
    void forget() {
        withdrawals.keySet().forEach(w -> progress.setWithdrawal(w, false));
        withdrawals.clear();
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
        if (owner.equals(RuleOwner.SHARED)) {
            return compiler.shared(state.servicesOn(device), state.desired().hasTenantsOn(device), state);
        }
        Optional<Tenant> tenant = state.desired().tenant(owner.tenant().orElseThrow())
                .filter(t -> EngineState.deviceOf(t).equals(device));
        if (tenant.isEmpty()) {
            return OwnerRules.NONE;
        }
        if (owner.host().isPresent()) {
            return compiler.binding(tenant.get(), owner.host().get(), state);
        }
        if (owner.service().isEmpty()) {
            return compiler.tenant(tenant.get(), state);
        }
        Optional<Access> access = tenant.get().access(owner.service().get());
        return access.map(a -> compiler.access(tenant.get(), a, state)).orElse(OwnerRules.NONE);
    }
}
