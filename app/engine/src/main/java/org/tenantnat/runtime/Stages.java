package org.tenantnat.runtime;

import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.OwnerRules;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.RuleDiff;
import org.tenantnat.pipeline.RuleOwner;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Splits what one change does to one switch into stages, so that across all switches new rules are in place before
 * traffic is moved onto them, and old rules go only once nothing leads to them (make before break):
 * <ol>
 * <li>{@link #MAKE}: rules in slots nobody held before (a new path's switches, a new tenant, a new access);</li>
 * <li>{@link #move(int)}: rules whose slot changes hands or treatment (a route's next hop), round by round: round
 *     <i>r</i> holds the switches <i>r</i> hops from a route's destination, so a switch turns toward its new next
 *     hop only after that next hop already forwards along the new path, and no packet can loop;</li>
 * <li>{@link #BREAK}: rules whose slot nobody holds afterwards (the old path's switches, a removed tenant).</li>
 * </ol>
 * A slot that passes from one owner to another stays one removal and one addition in the same stage, removal
 * first, as {@link RuleDiff} sends it. A change that touches the rules of one switch only has nothing to order
 * across switches: it goes as one batch, removals first, as before stages existed.
 */
final class Stages {

    /** The stage of rules in new slots. */
    static final int MAKE = 0;
    /** The stage of rules whose slots are given up. */
    static final int BREAK = Integer.MAX_VALUE;

    private final Map<RuleOwner, OwnerRules[]> changes = new HashMap<>();
    private boolean rulesChange;

    private Stages() {
    }

    /**
     * Returns the stage that moves rules on switches a given number of hops from their destination.
     *
     * @param round hops from the destination
     * @return stage, between {@link #MAKE} and {@link #BREAK}
     */
    static int move(int round) {
        return 1 + round;
    }

    /**
     * Collects the changed owners of one switch.
     *
     * @return empty stages
     */
    static Stages of() {
        return new Stages();
    }

    /**
     * Adds one owner's change.
     *
     * @param owner  owner
     * @param before its rules on the switch now
     * @param after  its rules once the change is applied
     */
    void owner(RuleOwner owner, OwnerRules before, OwnerRules after) {
        changes.put(owner, new OwnerRules[]{before, after});
        rulesChange |= !sameRules(before, after);
    }

    /**
     * Tells whether any rule changes (an owner may change only its status, e.g. what it waits for).
     *
     * @return true when the switch has something to be sent
     */
    boolean changeRules() {
        return rulesChange;
    }

    private static boolean sameRules(OwnerRules before, OwnerRules after) {
        if (before.rules().size() != after.rules().size()) {
            return false;
        }
        Map<FlowRule, FlowRule> theirs = new HashMap<>();
        before.rules().forEach(r -> theirs.put(r, r));
        return after.rules().stream().allMatch(r -> theirs.containsKey(r) && RuleDiff.identical(theirs.get(r), r));
    }

    /**
     * Puts every change in one stage, {@link #MAKE}: removals first, then additions, in one batch.
     *
     * @return the one stage, empty when no rule changes
     */
    SortedMap<Integer, Stage> whole() {
        SortedMap<Integer, Stage> stages = new TreeMap<>();
        changes.forEach((owner, c) -> stage(stages, MAKE, owner).diff.owner(c[0].rules(), c[1].rules()));
        stages.values().removeIf(s -> s.delta().isEmpty());
        return stages;
    }

    /**
     * Splits the changes into stages.
     *
     * @param round hops from its destination of an owner whose rules move (0 for owners that are not routes)
     * @return the delta of each stage that changes anything, in stage order, with the owners it carries
     */
    SortedMap<Integer, Stage> split(ToIntFunction<RuleOwner> round) {
        Set<FlowRule> given = new HashSet<>();
        changes.values().forEach(c -> {
            Set<FlowRule> kept = c[1].rules();
            c[0].rules().stream().filter(r -> !kept.contains(r)).forEach(given::add);
        });
        SortedMap<Integer, Stage> stages = new TreeMap<>();
        Map<FlowRule, Integer> addedIn = new HashMap<>();
        changes.forEach((owner, c) -> {
            Map<FlowRule, FlowRule> before = new HashMap<>();
            c[0].rules().forEach(r -> before.put(r, r));
            int move = move(round.applyAsInt(owner));
            for (FlowRule r : c[1].rules()) {
                FlowRule was = before.get(r);
                if (was != null && RuleDiff.identical(was, r)) {
                    continue;
                }
                int stage = was == null && !given.contains(r) ? MAKE : move;
                addedIn.put(r, stage);
                stage(stages, stage, owner).diff.owner(was == null ? Set.of() : Set.of(was), Set.of(r));
            }
        });
        changes.forEach((owner, c) -> {
            Set<FlowRule> kept = c[1].rules();
            for (FlowRule r : c[0].rules()) {
                if (!kept.contains(r)) {
                    stage(stages, addedIn.getOrDefault(r, BREAK), owner).diff.owner(Set.of(r), Set.of());
                }
            }
        });
        stages.values().removeIf(s -> s.delta().isEmpty());
        return stages;
    }

    private static Stage stage(SortedMap<Integer, Stage> stages, int stage, RuleOwner owner) {
        Stage s = stages.computeIfAbsent(stage, k -> new Stage());
        s.owners.add(owner);
        return s;
    }

    /** The rules one stage changes on a switch, and whose they are. */
    static final class Stage {
        private final RuleDiff diff = new RuleDiff();
        private final Set<RuleOwner> owners = new HashSet<>();
        private RuleDelta delta;

        /** Returns what the stage sends. */
        RuleDelta delta() {
            if (delta == null) {
                delta = diff.delta();
            }
            return delta;
        }

        /** Returns the owners whose rules the stage carries. */
        Set<RuleOwner> owners() {
            return owners;
        }
    }
}
