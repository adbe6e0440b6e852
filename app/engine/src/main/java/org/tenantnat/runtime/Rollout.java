package org.tenantnat.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Sends what one applied change does to the switches, stage by stage ({@link Stages}): a stage's batches leave
 * together, on every switch, once every batch of the stage before is confirmed (or failed, or dropped with a switch
 * that went away). A change whose rules all go in one stage leaves at once, as it did before stages existed. Not
 * thread-safe: the runtime calls it under its lock.
 */
final class Rollout {

    private final Map<Integer, List<Queued>> stages = new TreeMap<>();
    private final Consumer<SwitchProgram> pump;
    private int current = -1;
    private int outstanding;

    /** A batch of the rollout, queued on its switch. */
    private static final class Queued {
        private final SwitchProgram program;
        private final SwitchProgram.Batch batch;

        Queued(SwitchProgram program, SwitchProgram.Batch batch) {
            this.program = program;
            this.batch = batch;
        }
    }

    /**
     * Creates a rollout.
     *
     * @param pump sends whatever a switch's queue lets leave now
     */
    Rollout(Consumer<SwitchProgram> pump) {
        this.pump = pump;
    }

    /**
     * Adds a switch's batches and queues them on it.
     *
     * @param program the switch
     * @param batches its batches, in stage order
     */
    void add(SwitchProgram program, List<SwitchProgram.Batch> batches) {
        for (SwitchProgram.Batch b : batches) {
            stages.computeIfAbsent(b.stage(), s -> new ArrayList<>()).add(new Queued(program, b));
            program.enqueue(b, this);
        }
    }

    /** Opens the first stage. */
    void start() {
        openNext();
    }

    /**
     * Records that a batch is done with: confirmed, failed, or dropped. The next stage opens when the last batch
     * of this one is done.
     *
     * @param batch batch
     */
    void done(SwitchProgram.Batch batch) {
        if (batch.stage() != current) {
            // Dropped before its stage opened: it no longer holds that stage back.
            List<Queued> waiting = stages.get(batch.stage());
            if (waiting != null) {
                waiting.removeIf(q -> q.batch == batch);
            }
            return;
        }
        outstanding--;
        if (outstanding == 0) {
            openNext();
        }
    }

    private void openNext() {
        List<Queued> next = List.of();
        while (next.isEmpty() && !stages.isEmpty()) {
            current = stages.keySet().iterator().next();
            next = stages.remove(current);
        }
        outstanding = next.size();
        Set<SwitchProgram> programs = new LinkedHashSet<>();
        for (Queued q : next) {
            q.batch.open();
            programs.add(q.program);
        }
        programs.forEach(pump);
    }
}
