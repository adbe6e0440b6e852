package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing a tenant through the REST API takes exactly that tenant's rules off the switch while the other tenants
 * keep forwarding without a gap.
 */
class TenantRemovalTest {

    private static final String REMOVED = "umbrella";
    /** A 0.2 s ping from acme runs across the removal: 40 requests, 8 s. */
    private static final int LOOP_PINGS = 40;
    /** Requests of the loop that may go unanswered (ideally none). */
    private static final int LOOP_LOSS_ALLOWED = 2;
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp();

    @Test
    void removingTenantTakesExactlyItsRulesAwayWhileOthersKeepForwarding() throws Exception {
        Lab lab = LAB.lab();
        for (LabHost host : lab.customerHosts()) {
            assertTrue(LAB.awaitVip(host).allReplied(), host + " reaches its VIP before the removal");
        }
        Tenant umbrella = LAB.storedState().desiredState().tenant(REMOVED).orElseThrow();
        String umbrellaVip = LAB.vipOf(lab.host(REMOVED));
        Allocation allocationBefore = LAB.allocation();
        FlowTable before = lab.flows();
        Predicate<String> umbrellaRule = ownedBy(umbrella, allocationBefore.blocks(REMOVED));
        Set<String> umbrellaRules = before.rules(umbrellaRule);
        assertFalse(umbrellaRules.isEmpty(), "umbrella has rules to remove: " + before);

        LabHost acme = lab.host("acme");
        long acmeSent = lab.framesSent(acme.name());
        CompletableFuture<Lab.Ping> loop = CompletableFuture.supplyAsync(
                () -> lab.ping(acme.name(), LAB.vipOf(acme), LOOP_PINGS, 1));
        assertTrue(Poll.until(CHANGE_TIMEOUT, () -> lab.framesSent(acme.name()) >= acmeSent + 3),
                   "acme's ping loop is under way");

        HttpResponse<String> response = new Rest(LAB).delete("/tenants/" + REMOVED);
        assertEquals(204, response.statusCode(), "DELETE /tenants/umbrella: " + response.body());

        FlowTable after = Poll.until(CHANGE_TIMEOUT, lab::flows, t -> t.rules(umbrellaRule).isEmpty());
        assertFalse(loop.isDone(), "the removal finished while acme's loop was still running");
        Lab.Ping umbrellaPing = lab.ping(REMOVED, umbrellaVip, 2, 1);
        assertEquals(0, umbrellaPing.received(), "umbrella's traffic stopped: " + umbrellaPing);
        assertTrue(lab.udp(REMOVED, umbrellaVip, 1).isEmpty(), "umbrella's UDP stopped");

        assertEquals(umbrellaRules, before.minus(after), "rules that vanished: exactly umbrella's");
        assertEquals(Set.of(), after.minus(before), "rules that appeared or changed");

        Lab.Ping acmeLoop = loop.get();
        System.out.printf("acme's ping loop across the removal: %d sent, %d received%n", acmeLoop.sent(),
                          acmeLoop.received());
        assertEquals(LOOP_PINGS, acmeLoop.sent(), "acme's loop: " + acmeLoop);
        assertTrue(acmeLoop.sent() - acmeLoop.received() <= LOOP_LOSS_ALLOWED,
                   "acme lost " + (acmeLoop.sent() - acmeLoop.received()) + " of " + acmeLoop.sent()
                   + " pings across the removal");
        for (LabHost host : lab.customerHosts()) {
            if (!host.tenant().orElseThrow().equals(REMOVED)) {
                assertTrue(lab.ping(host.name(), LAB.vipOf(host), 2, 1).allReplied(), host + " still forwards");
            }
        }

        Allocation allocationAfter = LAB.allocation();
        assertEquals(List.of(), allocationAfter.blocks(REMOVED), "umbrella's block is released");
        for (String tenant : List.of("acme", "globex", "initech")) {
            assertEquals(allocationBefore.blocks(tenant), allocationAfter.blocks(tenant), tenant + "'s blocks");
        }
    }

    /**
     * A rule belongs to a tenant when it matches the tenant's attachment port or its metadata tag, writes its tag,
     * or matches one of its translated blocks.
     */
    private static Predicate<String> ownedBy(Tenant tenant, List<TranslatedBlock> blocks) {
        String tag = "0x" + Integer.toHexString(tenant.id());
        String port = tenant.attachment().connectPoint().port().toString();
        List<Pattern> patterns = List.of(
                Pattern.compile("[ ,]in_port=" + port + "[, ]"),
                Pattern.compile("[ ,]metadata=" + tag + "[, ]"),
                Pattern.compile("write_metadata:" + tag + "[, /]"));
        Set<String> translated = blocks.stream().map(b -> b.translated().toString()).collect(Collectors.toSet());
        return rule -> patterns.stream().anyMatch(p -> p.matcher(rule).find())
                || translated.stream().anyMatch(b -> rule.contains("=" + b + " ") || rule.contains("=" + b + ","));
    }
}
