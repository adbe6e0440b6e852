package org.tenantnat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onosproject.cli.AbstractShellCommand;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.web.Reply;
import org.tenantnat.web.RestHost;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI's {@code -j} output is the REST API's answer, field for field: both sides speak for one runtime and
 * write JSON with the same codecs.
 */
class CliAndRestAgreeTest {

    private RestHost host;
    private Shell shell;

    @BeforeEach
    void start() throws Exception {
        host = new RestHost();
        shell = new Shell(host.runtime(), "alice");
        ShellServices.register(ChangeHistoryService.class, host.history());
        ShellServices.register(BindingService.class, host.runtime());
        host.southbound().countPerRule(5, 640);
    }

    @AfterEach
    void stop() throws Exception {
        ShellServices.clear();
        host.close();
    }

    private void assertSameJson(String path, AbstractShellCommand command) {
        Reply reply = host.http().get(path);
        Shell.Output output = shell.json(command);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(List.of(), output.err);
        assertEquals(1, output.out.size(), output::toString);
        JsonNode cli = JsonDocument.parse(output.out.get(0));
        assertEquals(reply.json(), cli, path);
        assertTrue(cli.size() > 0, path);
    }

    @Test
    void changesAgree() {
        TenantRemoveCommand remove = new TenantRemoveCommand();
        remove.tenant = "globex";
        shell.run(remove);

        assertSameJson("changes", new ChangesCommand());
    }

    @Test
    void tenantsAgree() {
        assertSameJson("tenants", new TenantsCommand());
    }

    @Test
    void translationsAgreeForEveryTenantAndForOne() {
        TranslationsCommand acme = new TranslationsCommand();
        acme.tenant = "acme";

        assertSameJson("translations", new TranslationsCommand());
        assertSameJson("translations?tenant=acme", acme);
    }

    @Test
    void lookupsAgree() {
        Ip4Address translated = host.runtime().allocation().blocks("globex").get(0)
                .translate(Ip4Address.valueOf("10.1.1.77"));
        LookupCommand lookup = new LookupCommand();
        lookup.address = translated.toString();

        assertSameJson("lookup/" + translated, lookup);
    }

    @Test
    void bindingsAndLookupsAtATimeAgree() {
        Ip4Address translated = host.runtime().allocation().blocks("globex").get(0)
                .translate(Ip4Address.valueOf("10.1.1.77"));
        LookupCommand lookup = new LookupCommand();
        lookup.address = translated.toString();
        lookup.at = Instant.now().toString();

        assertSameJson("lookup/" + translated + "?at=" + lookup.at, lookup);
        assertSameJson("bindings", new BindingsCommand());
    }

    @Test
    void poolAgrees() {
        assertSameJson("pool", new PoolCommand());
    }

    @Test
    void intentsAgree() {
        assertSameJson("intents", new IntentsCommand());
    }

    @Test
    void statsAgree() {
        assertSameJson("stats", new StatsCommand());
    }

    @Test
    void configAgrees() {
        assertSameJson("config", new ConfigCommand());
    }

    @Test
    void aGrantPrintsTheIntentAsTheApiReportsIt() {
        AccessGrantCommand grant = new AccessGrantCommand();
        grant.tenant = "acme";
        grant.service = "portal";
        grant.vip = "10.250.0.20";

        Shell.Output output = shell.json(grant);
        Reply reply = host.http().get("intents/acme/portal");

        assertEquals(List.of(), output.err);
        assertEquals(reply.json(), JsonDocument.parse(output.out.get(0)), output::toString);
    }
}
