package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.model.Tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults while a client writes changes through REST without pause and every customer host pings its VIP at 20 Hz:
 * the standalone host killed with SIGKILL twenty times at random moments, and ovs-vswitchd restarted. After each,
 * every change acknowledged (2xx) is in force, a change that got no answer is in force whole or not at all (its
 * tenant record, translated blocks, rules and VIP agree), the switch holds exactly the rules of the tenants in force,
 * and traffic flows. Prints the gaps in traffic and how long the host took to come back.
 */
class FaultsUnderLoadTest {

    private static final int KILLS = 20;
    private static final long SEED = Long.getLong("tenantnat.faults.seed", System.nanoTime());
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RECONCILED = Pattern.compile("reconciled, (\\d+) rules added, (\\d+) removed");

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp();

    @Test
    void twentyKillsAtRandomMomentsLoseNoAcknowledgedChangeHalfApplyNoneAndTrafficFlowsOn() throws Exception {
        Random random = new Random(SEED);
        Rest rest = new Rest(LAB);
        List<Pinger> pingers = Pinger.fromEveryCustomerHost(LAB, PING_INTERVAL);
        List<Long> trafficGaps = new ArrayList<>();
        List<Long> restBack = new ArrayList<>();
        List<Long> reconciledBack = new ArrayList<>();
        int appliedInDoubt = 0;
        int inDoubt = 0;
        Map<String, Tenant> others = InForce.tenants(rest);
        try (ChangeWriter writer = new ChangeWriter(rest, "k", 2000, 20, SEED)) {
            int perTenant = InForce.rulesPerWriterTenant(LAB, rest, writer);
            for (int kill = 1; kill <= KILLS; kill++) {
                writer.resume();
                Thread.sleep(200 + random.nextInt(1300));
                long killedAt = System.currentTimeMillis();
                LAB.host().kill9();
                assertTrue(writer.awaitStalled(RECOVERY_TIMEOUT), "the writer noticed the host was gone");
                LAB.startHostAgain();
                assertTrue(Poll.until(RECOVERY_TIMEOUT, () -> InForce.status(rest, "/config") == 200),
                           "REST answers again");
                restBack.add(System.currentTimeMillis() - killedAt);
                assertTrue(Poll.until(RECOVERY_TIMEOUT, () -> LAB.host().logSinceStart().contains("reconciled")),
                           "the restarted host reconciled the switch");
                reconciledBack.add(System.currentTimeMillis() - killedAt);

                List<String> applied = writer.resolve(name -> InForce.tenant(rest, name));
                appliedInDoubt += applied.size();
                inDoubt += 1;
                InForce.assertHolds(LAB, rest, writer, others, perTenant, "kill " + kill);
                long checkedAt = System.currentTimeMillis();
                for (Pinger p : pingers) {
                    assertTrue(p.awaitReplyAfter(checkedAt, RECOVERY_TIMEOUT), p.host() + " reaches its VIP after kill "
                            + kill);
                    trafficGaps.add(p.longestGap(killedAt, checkedAt));
                }
            }
            writer.pause();
            assertEquals(List.of(), writer.unexpected(), "answers no valid change should get");
            System.out.printf("faults: seed %d; %d kills with SIGKILL under writes, %s; %d of the %d changes in flight"
                                      + " at a kill had been committed%n", SEED, KILLS, writer, appliedInDoubt,
                              inDoubt);
        } finally {
            pingers.forEach(Pinger::close);
        }
        System.out.printf("faults: longest gap in 20 Hz pings around a kill (all customer hosts): %s%n",
                          Millis.summary(trafficGaps));
        System.out.printf("faults: kill -> REST answers again: %s; kill -> switch reconciled: %s%n",
                          Millis.summary(restBack), Millis.summary(reconciledBack));
        assertTrue(Collections.max(trafficGaps) < 1000,
                   "traffic stopped around a kill: " + Millis.summary(trafficGaps));
    }

    @Test
    void aSwitchRestartedUnderWritesIsReconciledToExactlyTheDesiredRules() throws Exception {
        Random random = new Random(SEED + 1);
        Rest rest = new Rest(LAB);
        List<Pinger> pingers = Pinger.fromEveryCustomerHost(LAB, PING_INTERVAL);
        List<Long> gaps = new ArrayList<>();
        Map<String, Tenant> others = InForce.tenants(rest);
        try (ChangeWriter writer = new ChangeWriter(rest, "s", 20000, 21, SEED + 1)) {
            int perTenant = InForce.rulesPerWriterTenant(LAB, rest, writer);
            int connections = count(LAB.host().logSinceStart(), "connected: reconciling");
            writer.resume();
            Thread.sleep(200 + random.nextInt(1300));
            long restartedAt = System.currentTimeMillis();
            LAB.lab().restartSwitch();
            assertTrue(Poll.until(RECOVERY_TIMEOUT, () -> count(LAB.host().logSinceStart(), "connected: reconciling")
                    > connections), "the switch reconnected");
            // Writes go on while the host reconciles the empty switch and after.
            Thread.sleep(1000);
            writer.pause();
            assertTrue(writer.acknowledged() > 0, "changes were written meanwhile: " + writer);
            InForce.assertHolds(LAB, rest, writer, others, perTenant, "switch restart");
            long checkedAt = System.currentTimeMillis();
            for (Pinger p : pingers) {
                assertTrue(p.awaitReplyAfter(checkedAt, RECOVERY_TIMEOUT), p.host() + " reaches its VIP");
                gaps.add(p.longestGap(restartedAt, checkedAt));
            }
            FlowTable reconciled = LAB.lab().flows();

            // The host's own check: started again, it compares the switch's table with the rules it wants.
            LAB.host().kill9();
            LAB.startHostAgain();
            String line = Poll.until(RECOVERY_TIMEOUT, () -> reconcileLine(LAB.host().logSinceStart()),
                                     Optional::isPresent).orElseThrow(() -> new AssertionError(
                                             "the restarted host did not reconcile"));
            Matcher m = RECONCILED.matcher(line);
            assertTrue(m.find() && m.group(1).equals("0") && m.group(2).equals("0"),
                       "the switch held exactly the rules the host wants: " + line);
            assertEquals(reconciled, LAB.lab().flows(), "the table after the host's second look");
            assertEquals(List.of(), writer.unexpected(), "answers no valid change should get");
            System.out.printf("faults: ovs-vswitchd restarted under writes (%s): host reconnected and reconciled to "
                                      + "%d rules; a fresh host then found %s%n", writer, reconciled.size(), line);
        } finally {
            pingers.forEach(Pinger::close);
        }
        System.out.printf("faults: longest gap in 20 Hz pings around the switch restart: %s%n", Millis.summary(gaps));
    }

    private static Optional<String> reconcileLine(String log) {
        return log.lines().filter(l -> RECONCILED.matcher(l).find()).findFirst();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
