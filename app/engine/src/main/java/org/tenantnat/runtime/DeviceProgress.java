package org.tenantnat.runtime;

import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.RuleOwner;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What has been sent to one switch and what it has confirmed, per rule owner. Each batch sent gets a generation;
 * a switch confirms batches in order (barrier), so an owner is installed once the generation of its last batch is
 * confirmed.
 */
final class DeviceProgress {

    private CompiledPipeline programmed;
    private long nextGeneration;
    private long confirmedGeneration = -1;
    private final Map<RuleOwner, Long> sentGeneration = new HashMap<>();
    private final Map<RuleOwner, String> failures = new HashMap<>();

    DeviceProgress(CompiledPipeline programmed) {
        this.programmed = programmed;
    }

    /** Returns the pipeline last sent to the switch. */
    CompiledPipeline programmed() {
        return programmed;
    }

    /**
     * Records that a batch changing these owners' rules was sent for a new pipeline.
     *
     * @return the batch's generation
     */
    long sent(CompiledPipeline next, Set<RuleOwner> owners) {
        long generation = nextGeneration++;
        programmed = next;
        owners.forEach(o -> {
            sentGeneration.put(o, generation);
            failures.remove(o);
        });
        return generation;
    }

    /** Returns the generation the next batch will get. */
    long nextGeneration() {
        return nextGeneration;
    }

    /** Records the switch's confirmation of a batch (and so of every earlier one). */
    void confirmed(long generation) {
        confirmedGeneration = Math.max(confirmedGeneration, generation);
    }

    /** Records that a batch failed; its owners stay failed until sent again. */
    void failed(long generation, String reason) {
        sentGeneration.forEach((owner, g) -> {
            if (g == generation) {
                failures.put(owner, reason);
            }
        });
    }

    /** Tells whether a batch generation has been confirmed. */
    boolean isConfirmed(long generation) {
        return generation <= confirmedGeneration;
    }

    /** Tells whether every batch that touched the owner has been confirmed. */
    boolean isConfirmed(RuleOwner owner) {
        Long g = sentGeneration.get(owner);
        return g == null || g <= confirmedGeneration;
    }

    /** Returns why the last batch of the owner failed, if it did. */
    Optional<String> failure(RuleOwner owner) {
        return Optional.ofNullable(failures.get(owner));
    }

    /**
     * Returns the owners whose rules differ between two pipelines, treatments included (ONOS's FlowRule equality
     * ignores the treatment).
     */
    static Set<RuleOwner> changedOwners(CompiledPipeline before, CompiledPipeline after) {
        Set<RuleOwner> owners = new HashSet<>(before.rules().keySet());
        owners.addAll(after.rules().keySet());
        return owners.stream()
                .filter(o -> !exact(before.rules(o)).equals(exact(after.rules(o))))
                .collect(Collectors.toSet());
    }

    private static Set<Object> exact(Set<FlowRule> rules) {
        return rules.stream().map(r -> List.of(r, r.treatment())).collect(Collectors.toSet());
    }
}
