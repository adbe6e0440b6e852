package org.tenantnat.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantNatEvent;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the runtime tells its listeners each verb did, in the operator's words, described against the state before
 * the change: one line per setting, service, tenant or access, and nothing for a change an operator did not make.
 */
class ChangeSummaryTest {

    private static final Origin ALICE = Origin.rest("alice");
    private static final String SERVICES = "\"services\": ["
            + "{\"name\": \"backup\", \"ip\": \"10.1.1.10\", \"connectPoint\": \"of:0000000000000001/3\","
            + " \"gatewayIp\": \"10.1.1.1\", \"mac\": \"02:00:00:00:0a:0a\"},"
            + "{\"name\": \"portal\", \"ip\": \"10.1.1.11\", \"connectPoint\": \"of:0000000000000001/4\","
            + " \"gatewayIp\": \"10.1.1.1\", \"mac\": \"02:00:00:00:0a:0b\"}]";
    private static final String DOC = "{\"pool\": [\"100.64.0.0/16\"], \"gatewayMac\": \"02:00:00:00:00:01\","
            + SERVICES + ", \"tenants\": [" + tenant("acme", 1, "10.1.1.0/28") + ", "
            + tenant("globex", 2, "10.1.1.0/28") + "]}";

    private final FakeSouthbound southbound = new FakeSouthbound();
    private final List<TenantNatEvent> events = new CopyOnWriteArrayList<>();
    private TenantNatRuntime runtime;

    private static String tenant(String name, int id, String prefix) {
        return "{\"name\": \"" + name + "\", \"id\": " + id + ", \"connectPoint\": \"of:0000000000000001/" + (10 + id)
                + "\", \"routerIp\": \"10.1.1.5\", \"gatewayIp\": \"10.1.1.1\", \"prefixes\": [\"" + prefix + "\"],"
                + " \"access\": [{\"service\": \"backup\", \"vip\": \"10.250.0.10\"}]}";
    }

    @BeforeEach
    void start() {
        runtime = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                       southbound, new MemoryStateStore());
        runtime.start();
        runtime.addListener(events::add);
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(DOC));
    }

    @AfterEach
    void stop() {
        runtime.stop();
    }

    private List<String> last() {
        return events.get(events.size() - 1).summary();
    }

    private Tenant tenant(String name) {
        return runtime.desiredState().tenant(name).orElseThrow();
    }

    @Test
    void seedingAnEmptyStateAddsEverySettingServiceAndTenant() {
        assertEquals(List.of("settings changed: pool", "service backup added", "service portal added",
                             "tenant acme added", "tenant globex added"), last());
        assertTrue(events.get(0).committedHere(), "the node that committed it hears so");
    }

    @Test
    void addingAndRemovingATenantOrServiceSaysSo() {
        runtime.addTenant(ALICE, tenant("acme").toBuilder().name("initech").id(3)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/13"), VlanId.NONE))
                .build());
        assertEquals(List.of("tenant initech added"), last());

        runtime.removeTenant(ALICE, "globex");
        assertEquals(List.of("tenant globex removed"), last());

        runtime.addService(ALICE, new Service("archive", Ip4Address.valueOf("10.1.1.12"),
                                              ConnectPoint.deviceConnectPoint("of:0000000000000001/5"),
                                              Ip4Address.valueOf("10.1.1.1"), null));
        assertEquals(List.of("service archive added"), last());

        runtime.removeService(ALICE, "archive");
        assertEquals(List.of("service archive removed"), last());
    }

    @Test
    void grantingAndRevokingAccessNamesTheTenantAndService() {
        runtime.grantAccess(ALICE, "acme", new Access("portal", Ip4Address.valueOf("10.250.0.20")));
        assertEquals(List.of("access acme/portal granted"), last());

        runtime.revokeAccess(ALICE, "acme", "backup");
        assertEquals(List.of("access acme/backup revoked"), last());
    }

    @Test
    void aTenantWhoseOnlyChangeIsItsAccessGetsALinePerAccess() {
        Tenant acme = tenant("acme");
        runtime.replaceTenant(ALICE, acme.toBuilder().access(List.of(
                new Access("backup", Ip4Address.valueOf("10.250.0.11")),
                new Access("portal", Ip4Address.valueOf("10.250.0.20")))).build());

        assertEquals(List.of("access acme/backup changed: vip", "access acme/portal granted"), last());
    }

    @Test
    void aTenantChangedInSeveralFieldsGetsOneLineListingThem() {
        Tenant globex = tenant("globex");
        runtime.replaceTenant(ALICE, globex.toBuilder()
                .prefixes(List.of(Ip4Prefix.valueOf("10.2.0.0/24")))
                .routerIp(Ip4Address.valueOf("10.2.0.1"))
                .access(List.of(new Access("portal", Ip4Address.valueOf("10.250.0.20")))).build());

        assertEquals(List.of("tenant globex changed: routerIp, prefixes, access -backup, access +portal"), last());
    }

    @Test
    void aServiceMovedBehindARouterAndALinkDeclaredOrRemovedSaySo() {
        String behindRouter = DOC.replace("\"gatewayIp\": \"10.1.1.1\", \"mac\": \"02:00:00:00:0a:0b\"",
                                          "\"gatewayIp\": \"10.1.1.1\", \"routerIp\": \"10.1.1.254\"");
        String withLink = behindRouter.substring(0, behindRouter.length() - 1) + ", \"links\": [{\"src\": "
                + "\"of:0000000000000002/20\", \"dst\": \"of:0000000000000001/20\"}]}";
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(withLink));

        assertEquals(List.of("service portal changed: mac, routerIp",
                             "link of:0000000000000001/20-of:0000000000000002/20 added"), last());

        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(behindRouter));
        assertEquals(List.of("link of:0000000000000001/20-of:0000000000000002/20 removed"), last());
    }

    @Test
    void aNewPoolIsASettingsChangeAndTheBlocksItMovesAreNotListed() {
        DesiredState next = DesiredStateReader.parseAndValidate(DOC.replace("100.64.0.0/16", "100.65.0.0/16"));
        runtime.replaceState(ALICE, next);

        assertEquals(List.of("settings changed: pool"), last());
        assertEquals("100.65.0.0/28", runtime.allocation().blocks("acme").get(0).translated().toString(),
                     "the blocks did move");
    }

    @Test
    void replacingATenantWithItselfChangesNothingToDescribe() {
        int before = events.size();
        runtime.replaceTenant(ALICE, tenant("acme"));

        List<List<String>> since = events.subList(before, events.size()).stream().map(TenantNatEvent::summary)
                .collect(Collectors.toList());
        assertTrue(since.stream().allMatch(List::isEmpty), since::toString);
    }

    @Test
    void aRefusedChangeIsHeardOfByNobody() {
        int before = events.size();
        Tenant clash = tenant("acme").toBuilder().name("hooli").id(9).build();

        assertThrows(InvalidConfigException.class, () -> runtime.addTenant(ALICE, clash));
        assertEquals(before, events.size());
    }

    @Test
    void aMacLearnedByArpIsTenantnatsOwnAndDescribesNothing() {
        events.clear();
        runtime.packetIn(ConnectPoint.deviceConnectPoint("of:0000000000000001/12"),
                         arpReply("10.1.1.5", "02:00:00:00:02:02", "10.1.1.1"));

        assertEquals(1, events.size(), events::toString);
        assertEquals(Origin.SYSTEM, events.get(0).subject().origin());
        assertEquals(List.of(), events.get(0).summary());
        assertFalse(events.get(0).subject().neighbours().isEmpty(), "the change holds the learned MAC");
    }

    @Test
    void aRestartLoadsTheStoredStateWithoutSayingItCommittedIt() {
        MemoryStateStore store = new MemoryStateStore();
        TenantNatRuntime first = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"),
                                                      PipelineSettings.DEFAULTS, southbound, store);
        first.start();
        first.replaceState(ALICE, DesiredStateReader.parseAndValidate(DOC));
        first.stop();
        TenantNatRuntime again = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"),
                                                      PipelineSettings.DEFAULTS, southbound, store);
        List<TenantNatEvent> heard = new ArrayList<>();
        again.addListener(heard::add);
        again.start();

        assertEquals(1, heard.size());
        assertFalse(heard.get(0).committedHere());
        assertEquals(Origin.SYSTEM, heard.get(0).subject().origin(), "a load is no operator's change");
        again.stop();
    }

    @Test
    void aHugeChangeIsCutToFiftyLinesCountingTheRestPerKind() {
        StringBuilder tenants = new StringBuilder();
        IntStream.rangeClosed(1, 60).forEach(i -> tenants.append(i == 1 ? "" : ", ")
                .append(tenant(String.format("t%02d", i), i, "10.3." + i + ".0/24")));
        String doc = "{\"pool\": [\"100.64.0.0/10\"], " + SERVICES + ", \"tenants\": [" + tenants + "]}";
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(doc));

        List<String> lines = last();
        assertEquals(ChangeSummary.MAX_LINES, lines.size());
        assertEquals(List.of("settings changed: pool", "tenant acme removed", "tenant globex removed",
                             "tenant t01 added"), lines.subList(0, 4));
        assertEquals("tenant t46 added", lines.get(ChangeSummary.MAX_LINES - 2));
        assertEquals("and 14 more: 14 tenants added", lines.get(ChangeSummary.MAX_LINES - 1));
    }

    private static Ethernet arpReply(String senderIp, String senderMac, String targetIp) {
        Ethernet request = ARP.buildArpRequest(MacAddress.valueOf("02:00:00:00:00:01").toBytes(),
                                               Ip4Address.valueOf(targetIp).toOctets(),
                                               Ip4Address.valueOf(senderIp).toOctets(), Ethernet.VLAN_UNTAGGED);
        return ARP.buildArpReply(Ip4Address.valueOf(senderIp), MacAddress.valueOf(senderMac), request);
    }
}
