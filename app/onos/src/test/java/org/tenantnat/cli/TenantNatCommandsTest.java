package org.tenantnat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.web.Documents;
import org.tenantnat.web.TestRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tenantnat command, run through {@code AbstractShellCommand.execute()} as Karaf runs it, against a real
 * runtime on an in-memory switch: reads print what the service reports, changes call its domain verbs as the
 * shell's user, refusals name the field and change nothing.
 */
class TenantNatCommandsTest {

    private static final String USER = "alice";

    @TempDir
    Path dir;

    private TestRuntime nat;
    private OriginRecorder service;
    private Shell shell;

    @BeforeEach
    void start() {
        nat = new TestRuntime();
        service = new OriginRecorder(nat.runtime());
        shell = new Shell(service, USER);
        ShellServices.register(ChangeHistoryService.class, nat.history());
        ShellServices.register(BindingService.class, nat.runtime());
    }

    @AfterEach
    void stop() {
        ShellServices.clear();
        nat.close();
    }

    private TranslatedBlock block(String tenant) {
        return nat.runtime().allocation().blocks(tenant).get(0);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private DesiredState state() {
        return nat.runtime().desiredState();
    }

    @Test
    void tenantsShowsEachTenantWithItsBlockAndIntentState() {
        AccessIntent acme = nat.runtime().intents().get(0);

        Shell.Output output = shell.run(new TenantsCommand());

        assertEquals(List.of(
                "tenant=acme, id=1, attachment=of:0000000000000001/1 vlan 100, router=10.1.1.254 "
                        + "(02:00:00:00:01:01), gateway=10.1.1.1",
                "    10.1.1.0/24 -> " + block("acme").translated(),
                "    access backup at 10.250.0.10: " + acme.state(),
                "tenant=globex, id=2, attachment=of:0000000000000001/2 untagged, router=10.1.1.254 "
                        + "(02:00:00:00:01:02), gateway=10.1.1.1",
                "    10.1.1.0/24 -> " + block("globex").translated(),
                "    access backup at 10.250.0.10: " + nat.runtime().intents().get(1).state()), output.out);
        assertEquals("acme", acme.tenant());
    }

    @Test
    void translationsOfEveryTenantOrOfOne() {
        TranslationsCommand all = new TranslationsCommand();
        TranslationsCommand globex = new TranslationsCommand();
        globex.tenant = "globex";
        TranslationsCommand nobody = new TranslationsCommand();
        nobody.tenant = "nobody";

        assertEquals(List.of("tenant=acme, original=10.1.1.0/24, translated=" + block("acme").translated(),
                             "tenant=globex, original=10.1.1.0/24, translated=" + block("globex").translated()),
                     shell.run(all).out);
        assertEquals(List.of("tenant=globex, original=10.1.1.0/24, translated=" + block("globex").translated()),
                     shell.run(globex).out);
        assertEquals(List.of("tenant: no tenant named nobody"), shell.run(nobody).err);
    }

    @Test
    void lookupNamesTheTenantHostOrSaysFreeOrRefusesText() {
        Ip4Address translated = block("globex").translate(Ip4Address.valueOf("10.1.1.77"));

        assertEquals(List.of(translated + ": tenant=globex, host=10.1.1.77"), shell.run(lookup(translated + "")).out);
        assertEquals(List.of("100.64.200.1: free"), shell.run(lookup("100.64.200.1")).out);
        assertEquals(List.of("ip: 'abc' is not an IPv4 address (expected e.g. 10.1.1.10)"),
                     shell.run(lookup("abc")).err);
    }

    @Test
    void lookupAtATimeAnswersFromTheAuditTrailAndRefusesABadTimeOrPortText() {
        Ip4Address translated = block("globex").translate(Ip4Address.valueOf("10.1.1.77"));
        LookupCommand now = lookup(translated + "");
        now.at = Instant.now().toString();
        LookupCommand before = lookup(translated + "");
        before.at = "2000-01-01T00:00:00Z";
        LookupCommand badTime = lookup(translated + "");
        badTime.at = "yesterday";
        LookupCommand badPort = lookup(translated + "");
        badPort.port = "70000";

        List<String> out = shell.run(now).out;

        assertEquals(1, out.size(), out::toString);
        assertTrue(out.get(0).startsWith(translated + ": tenant=globex, host=10.1.1.77, from="), out.get(0));
        assertTrue(out.get(0).endsWith(", to=in force"), out.get(0));
        assertEquals(List.of("ip: no tenant held " + translated + " at 2000-01-01T00:00:00Z"),
                     shell.run(before).err);
        assertEquals(List.of("at: 'yesterday' is not a moment in ISO-8601 with a zone offset, e.g. "
                                     + "2026-11-24T14:02:00Z"), shell.run(badTime).err);
        assertEquals(List.of("port: '70000' is not a port 0..65535"), shell.run(badPort).err);
    }

    @Test
    void bindingsSaysNoneForStaticTenantsAndRefusesAnUnknownTenant() {
        BindingsCommand nobody = new BindingsCommand();
        nobody.tenant = "nobody";

        assertEquals(List.of("No bindings in force"), shell.run(new BindingsCommand()).out);
        assertEquals(List.of("tenant: no tenant named nobody"), shell.run(nobody).err);
    }

    private static LookupCommand lookup(String address) {
        LookupCommand command = new LookupCommand();
        command.address = address;
        return command;
    }

    @Test
    void poolShowsTotalsAndPerTenantUsage() {
        assertEquals(List.of("pool=100.64.0.0/16, size=65536, allocated=512, free=65024, used=0.8%",
                             "    tenant=acme, addresses=256",
                             "    tenant=globex, addresses=256"), shell.run(new PoolCommand()).out);
    }

    @Test
    void poolShowsThePoolBlockOfADynamicTenant() {
        Tenant acme = nat.runtime().desiredState().tenant("acme").orElseThrow();
        service.addTenant(Origin.cli("bob"), acme.toBuilder().name("dyn").id(9)
                .attachment(new Attachment(acme.attachment().connectPoint(), VlanId.vlanId((short) 200)))
                .translation(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(28).build())
                .build());
        BindingUsage usage = nat.runtime().usage().get(0);

        List<String> out = shell.run(new PoolCommand()).out;

        assertEquals("    tenant=dyn, mode=dynamic, poolBlock=" + usage.poolBlock() + ", inUse=0 of 16, hosts=0, "
                             + "heldDown=0, peak=0, refusals=" + usage.refusals() + ", state=OK",
                     out.get(out.size() - 1));
    }

    @Test
    void intentsShowStateAndReason() {
        nat.southbound().holdConfirmations();
        service.grantAccess(Origin.cli("bob"), "acme",
                            new Access("portal", Ip4Address.valueOf("10.250.0.20")));
        nat.southbound().failHeld("table full");

        List<String> lines = shell.run(new IntentsCommand()).out;

        List<String> expected = new ArrayList<>();
        for (AccessIntent i : nat.runtime().intents()) {
            expected.add("tenant=" + i.tenant() + ", service=" + i.service() + ", vip=" + i.vip() + ", state="
                                 + i.state() + i.reason().map(r -> ", reason=" + r).orElse(""));
        }
        assertEquals(expected, lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tenant=acme, service=portal, vip=10.250.0.20, "
                + "state=FAILED, reason=") && l.contains("table full")), lines::toString);
    }

    @Test
    void statsShowTrafficBothWays() {
        nat.southbound().countPerRule(3, 300);

        List<String> lines = shell.run(new StatsCommand()).out;

        List<String> expected = new ArrayList<>();
        for (TenantStats s : nat.runtime().stats().values()) {
            expected.add(String.format("tenant=%s, fromTenant=%d packets/%d bytes, toTenant=%d packets/%d bytes",
                                       s.tenant(), s.packetsFromTenant(), s.bytesFromTenant(), s.packetsToTenant(),
                                       s.bytesToTenant()));
        }
        assertEquals(expected, lines);
        assertTrue(nat.runtime().stats().get("acme").packetsFromTenant() > 0);
    }

    @Test
    void configPrintsTheDocumentThatConfigReplaceTakesBack() throws IOException {
        DesiredState before = state();
        String printed = String.join("\n", shell.run(new ConfigCommand()).out);
        ConfigReplaceCommand replace = new ConfigReplaceCommand();
        replace.file = file("config.json", printed.replace("\"globex\"", "\"globex2\"")).toString();

        Shell.Output output = shell.run(replace);

        assertEquals(LocalCodecContext.withTenantNatCodecs().encode(before, DesiredState.class),
                     JsonDocument.parse(printed));
        assertEquals(List.of("Desired state replaced: 2 services, 2 tenants"), output.out, output::toString);
        assertEquals(List.of("acme", "globex2"), names());
        assertEquals(List.of("replaceState by alice via cli"), service.changes());
    }

    private List<String> names() {
        return state().tenants().stream().map(t -> t.name()).collect(Collectors.toList());
    }

    @Test
    void tenantAddReplaceAndRemoveCallTheVerbsAsTheShellUser() throws IOException {
        TenantAddCommand add = new TenantAddCommand();
        add.file = file("initech.json", Documents.newTenant()).toString();
        TenantReplaceCommand replace = new TenantReplaceCommand();
        replace.file = file("initech-vlan.json", Documents.tenant("initech", 3, 5, "\"vlan\": 7,")).toString();
        TenantRemoveCommand remove = new TenantRemoveCommand();
        remove.tenant = "initech";

        Shell.Output added = shell.run(add);
        TranslatedBlock initech = block("initech");
        Shell.Output replaced = shell.run(replace);
        int vlan = state().tenant("initech").orElseThrow().attachment().vlan().toShort();
        Shell.Output removed = shell.run(remove);

        assertEquals(List.of("Tenant initech added", "    tenant=initech, original=10.1.1.0/24, translated="
                + initech.translated()), added.out, added::toString);
        assertEquals(List.of("Tenant initech replaced"), replaced.out, replaced::toString);
        assertEquals(7, vlan);
        assertEquals(List.of("Tenant initech removed"), removed.out, removed::toString);
        assertEquals(List.of("acme", "globex"), names());
        assertEquals(List.of("addTenant initech by alice via cli", "replaceTenant initech by alice via cli",
                             "removeTenant initech by alice via cli"), service.changes());
    }

    @Test
    void serviceAddAndRemoveCallTheVerbs() {
        ServiceAddCommand add = new ServiceAddCommand();
        add.name = "archive";
        add.ip = "10.1.1.30";
        add.connectPoint = "of:0000000000000001/6";
        add.gatewayIp = "10.1.1.1";
        add.mac = "02:00:00:00:0a:06";
        ServiceRemoveCommand remove = new ServiceRemoveCommand();
        remove.service = "archive";

        assertEquals(List.of("Service archive added"), shell.run(add).out);
        assertEquals("02:00:00:00:0A:06", state().service("archive").orElseThrow().mac().orElseThrow().toString());
        assertEquals(List.of("Service archive removed"), shell.run(remove).out);
        assertTrue(state().service("archive").isEmpty());
        assertEquals(List.of("addService archive by alice via cli", "removeService archive by alice via cli"),
                     service.changes());
    }

    @Test
    void accessGrantAndRevokeCallTheVerbs() {
        AccessGrantCommand grant = new AccessGrantCommand();
        grant.tenant = "acme";
        grant.service = "portal";
        grant.vip = "10.250.0.20";
        AccessRevokeCommand revoke = new AccessRevokeCommand();
        revoke.tenant = "acme";
        revoke.service = "portal";

        Shell.Output granted = shell.run(grant);
        boolean hadAccess = state().tenant("acme").orElseThrow().access("portal").isPresent();
        Shell.Output revoked = shell.run(revoke);

        assertTrue(hadAccess);
        assertTrue(granted.out.get(0).startsWith("Access of acme to portal at 10.250.0.20: "), granted::toString);
        assertEquals(List.of("Access of acme to portal revoked"), revoked.out);
        assertTrue(state().tenant("acme").orElseThrow().access("portal").isEmpty());
        assertEquals(List.of("grantAccess acme portal by alice via cli", "revokeAccess acme portal by alice via cli"),
                     service.changes());
    }

    @Test
    void refusalsNameEveryFieldAndChangeNothing() throws IOException {
        Map<String, JsonNode> before = nat.store().records();
        int saves = nat.store().saves();
        TenantAddCommand badTenant = new TenantAddCommand();
        badTenant.file = file("bad.json", Documents.newTenant().replace("10.1.1.0/24", "10.1.1.1/24")
                .replace("\"id\": 3", "\"id\": \"3\"")).toString();
        TenantAddCommand missingFile = new TenantAddCommand();
        missingFile.file = dir.resolve("nothing.json").toString();
        ServiceAddCommand badService = new ServiceAddCommand();
        badService.name = "archive";
        badService.ip = "10.1.1.300";
        badService.connectPoint = "of:1/6";
        badService.gatewayIp = "10.1.1.1";
        ServiceRemoveCommand inUse = new ServiceRemoveCommand();
        inUse.service = "backup";
        TenantRemoveCommand unknown = new TenantRemoveCommand();
        unknown.tenant = "nobody";
        AccessGrantCommand insidePrefix = new AccessGrantCommand();
        insidePrefix.tenant = "acme";
        insidePrefix.service = "portal";
        insidePrefix.vip = "10.1.1.5";

        assertEquals(List.of("id: expected an integer, got string \"3\"",
                             "prefixes[0]: host bits set in 10.1.1.1/24 (the network is 10.1.1.0/24)"),
                     shell.run(badTenant).err);
        assertTrue(shell.run(missingFile).err.get(0).startsWith(missingFile.file + ": cannot read the file"));
        assertEquals(List.of("ip: '10.1.1.300' is not an IPv4 address (expected e.g. 10.1.1.10)",
                             "connectPoint: 'of:1/6' is not a connect point (expected of:<16 hex digits of the "
                                     + "datapath id>/<port number>, e.g. of:0000000000000001/3)"),
                     shell.run(badService).err);
        assertTrue(shell.run(inUse).err.get(0).contains("acme, globex"));
        assertTrue(shell.run(unknown).err.get(0).contains("no tenant named nobody"));
        assertTrue(shell.run(insidePrefix).err.get(0).contains("inside the tenant's own prefix"));
        assertEquals(before, nat.store().records());
        assertEquals(saves, nat.store().saves());
    }

    @Test
    void aChangeMadeInTheShellIsRecordedAsTheShellUserThroughTheCliAndListed() {
        TenantRemoveCommand remove = new TenantRemoveCommand();
        remove.tenant = "globex";
        shell.run(remove);
        ChangesCommand changes = new ChangesCommand();
        changes.limit = 1;

        ChangeRecord last = nat.history().changes(0, Long.MAX_VALUE, 1).get(0);
        assertEquals(Origin.cli(USER), last.origin());
        assertEquals(List.of("revision=" + last.revision() + ", time=" + last.time() + ", user=alice, source=cli",
                             "    tenant globex removed"), shell.run(changes).out);
    }

    @Test
    void changesListsEveryChangeNewestFirstAndRefusesALimitOutOfRange() {
        AccessRevokeCommand revoke = new AccessRevokeCommand();
        revoke.tenant = "acme";
        revoke.service = "backup";
        shell.run(revoke);
        ChangesCommand none = new ChangesCommand();
        none.limit = 0;

        List<String> out = shell.run(new ChangesCommand()).out;

        assertEquals(List.of("    access acme/backup revoked"), out.subList(1, 2));
        assertTrue(out.get(2).endsWith("user=test, source=rest"), out::toString);
        assertEquals(List.of("limit: expected a whole number 1..1000, got '0'"), shell.run(none).err);
    }

    @Test
    void tenantAndServiceNamesComplete() {
        List<String> tenants = new ArrayList<>();
        List<String> services = new ArrayList<>();

        new TenantNameCompleter().complete(null, commandLine("tenantnat-tenant-remove gl", "gl"), tenants);
        new ServiceNameCompleter().complete(null, commandLine("tenantnat-service-remove ", ""), services);

        assertEquals(List.of("globex"), tenants.stream().map(String::trim).collect(Collectors.toList()));
        assertEquals(List.of("backup", "portal"), services.stream().map(String::trim).sorted()
                .collect(Collectors.toList()));
    }

    private static CommandLine commandLine(String buffer, String cursorArgument) {
        String[] arguments = buffer.split(" ", -1);
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return arguments.length - 1;
            }

            @Override
            public String getCursorArgument() {
                return cursorArgument;
            }

            @Override
            public int getArgumentPosition() {
                return cursorArgument.length();
            }

            @Override
            public String[] getArguments() {
                return arguments;
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
    }
}
