package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts on either side of the OpenFlow channel end in the same table and the same translations: the controller
 * killed with SIGKILL and started again on the same state directory, and ovs-vswitchd restarted with empty tables.
 */
class RestartTest {

    /** Reconnect (OVS backs off up to 8 s), reconcile and ARP on a loaded machine. */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(40);

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo();

    @Test
    void controllerKilledWithSigkillComesBackWithTheSameAllocationsAndTrafficResumes() throws IOException {
        Map<String, String> sourcesBefore = translatedSources();
        String stateBefore = Files.readString(LAB.stateFile(), StandardCharsets.UTF_8);
        FlowTable flowsBefore = LAB.lab().flows();
        long pidBefore = LAB.host().pid();

        LAB.host().kill9();
        assertFalse(LAB.host().isAlive(), "the host survived SIGKILL");
        // fail_mode=secure: the switch keeps our rules and forwards on without its controller.
        Lab.Ping headless = LAB.lab().ping("acme", LAB.vipOf(LAB.lab().host("acme")), 2, 1);
        assertTrue(headless.allReplied(), "forwarding while the controller is down: " + headless);

        LAB.startHostAgain();
        assertNotEquals(pidBefore, LAB.host().pid(), "a new host process");
        assertTrue(Poll.until(RECOVERY_TIMEOUT, () -> LAB.host().logSinceStart().contains("reconciled")),
                   "the restarted host reconciled the switch within " + RECOVERY_TIMEOUT.toSeconds() + " s");
        // Forget every MAC the lab learnt, so traffic now also needs the new controller to answer ARP.
        LAB.lab().hosts().forEach(h -> LAB.lab().exec(h.name(), "ip", "neigh", "flush", "all"));

        assertEquals(sourcesBefore, translatedSources(), "translated sources before vs after the restart");
        assertEquals(stateBefore, Files.readString(LAB.stateFile(), StandardCharsets.UTF_8),
                     "the record log before vs after the restart");
        FlowTable flowsAfter = Poll.until(RECOVERY_TIMEOUT, LAB.lab()::flows, flowsBefore::equals);
        assertEquals(flowsBefore, flowsAfter, "flow table (cookies, matches, actions) before vs after");
    }

    @Test
    void switchRestartedWithEmptyTablesIsReconciledAndTrafficResumes() {
        translatedSources();
        FlowTable before = LAB.lab().flows();
        int connectionsBefore = count(LAB.host().logSinceStart(), "connected: reconciling");

        LAB.lab().restartSwitch();

        FlowTable after = Poll.until(RECOVERY_TIMEOUT, LAB.lab()::flows, before::equals);
        assertEquals(before.size(), after.size(), "rules before vs after the switch restart");
        assertEquals(before, after, "flow table (cookies, matches, actions) before vs after");
        assertEquals(connectionsBefore + 1, count(LAB.host().logSinceStart(), "connected: reconciling"),
                     "the host saw the switch reconnect once");
        translatedSources();
    }

    /** Waits until every customer host reaches its VIP, then returns the TCP source the service saw for each. */
    private static Map<String, String> translatedSources() {
        Map<String, String> sources = new LinkedHashMap<>();
        List<LabHost> hosts = LAB.lab().customerHosts();
        for (LabHost host : hosts) {
            Lab.Ping ping = LAB.awaitVip(host);
            assertTrue(ping.allReplied(), host + " reaches its VIP: " + ping);
            sources.put(host.name(), LAB.lab().tcp(host.name(), LAB.vipOf(host)).orElse("no TCP reply"));
        }
        return sources;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
