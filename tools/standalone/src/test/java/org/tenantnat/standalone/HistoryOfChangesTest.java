package org.tenantnat.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.standalone.auth.PasswdCommand;
import org.tenantnat.standalone.history.FileChangeHistory;
import org.tenantnat.web.Documents;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The standalone host records every accepted change with its user and source, whichever way it came: the config
 * file seeding the state directory or replacing its state, REST as the user of the users file, {@code apply FILE};
 * a refused change is not recorded; a viewer reads the history; a restart keeps it; retention drops the oldest.
 */
class HistoryOfChangesTest {

    private static final String ALICE = "alice:alice-admin-pw";
    private static final String VICTOR = "victor:victor-viewer-pw";

    @TempDir
    static Path shared;
    private static Path users;

    @TempDir
    Path dir;

    private Path config;
    private Path state;
    private StandaloneHost host;

    @BeforeAll
    static void writeUsers() {
        users = shared.resolve("users");
        passwd(ALICE, "admin");
        passwd(VICTOR, "viewer");
    }

    @BeforeEach
    void files() throws IOException {
        config = dir.resolve("desired-state.json");
        Files.writeString(config, Documents.CONFIG);
        state = dir.resolve("state");
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private static void passwd(String credentials, String role) {
        String[] userPassword = credentials.split(":", 2);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PasswdCommand.run(new String[]{users.toString(), userPassword[0], role}, null,
                                     new ByteArrayInputStream((userPassword[1] + "\n").getBytes(StandardCharsets.UTF_8)),
                                     new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, exit, err::toString);
    }

    /** Starts a host on the state directory; the config file is applied when it is among the arguments. */
    private void start(String... more) throws IOException {
        if (host != null) {
            host.close();
        }
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "--users", users.toString(),
                                                    "--http", "127.0.0.1:0", "--openflow", "127.0.0.1:0"));
        args.addAll(List.of(more));
        StandaloneOptions options = StandaloneOptions.parse(args.toArray(new String[0]), Map.of());
        boolean applies = options.config().isPresent()
                && (options.replaceState() || FileStateStore.read(state).isEmpty());
        host = new StandaloneHost(options, new FileStateStore(state),
                                  FileChangeHistory.open(state, options.historyRetention(), Clock.systemUTC()));
        host.start(applies ? Optional.of(DesiredStateReader.parseAndValidate(
                Files.readString(options.config().orElseThrow()))) : Optional.empty());
    }

    private HttpCalls as(String credentials) {
        return new HttpCalls(host.apiUri().orElseThrow()).withCredentials(credentials);
    }

    private JsonNode changes() {
        Reply reply = as(VICTOR).get("changes");
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().path("changes");
    }

    private static String line(JsonNode change) {
        List<String> summary = new ArrayList<>();
        change.path("summary").forEach(s -> summary.add(s.asText()));
        return change.path("user").asText() + " via " + change.path("source").asText() + ": "
                + String.join("; ", summary);
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        changes().forEach(c -> lines.add(line(c)));
        return lines;
    }

    @Test
    void everyChannelIsRecordedWithItsUserAndSourceAndARestartKeepsThem() throws IOException {
        start("--config", config.toString());
        assertEquals(List.of(config + " via config-file: settings changed: pool; service backup added; "
                                     + "service portal added; tenant acme added; tenant globex added"), lines());

        assertEquals(201, as(ALICE).post("tenants", Documents.newTenant()).status());
        assertEquals("alice via rest: tenant initech added", lines().get(0));

        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, Documents.CONFIG.replace("100.64.0.0/16", "100.65.0.0/16"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ApplyCommand.run(new String[]{edited.toString(), "--http", "127.0.0.1:"
                + host.apiUri().orElseThrow().getPort(), "--credentials", ALICE}, Map.of(),
                                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, exit, err::toString);
        assertEquals("alice via rest: settings changed: pool; tenant initech removed", lines().get(0));

        String before = changes().toString();
        start();
        assertEquals(before, changes().toString(), "the history after a restart");

        Files.writeString(config, Documents.CONFIG.replace("\"vlan\": 100,", "\"vlan\": 101,"));
        start("--config", config.toString(), "--replace-state");
        assertEquals(config + " via config-file: settings changed: pool; tenant acme changed: vlan", lines().get(0));
        assertEquals(4, changes().size());
    }

    @Test
    void aRefusedChangeIsNotRecorded() throws IOException {
        start("--config", config.toString());
        String before = changes().toString();

        assertEquals(403, as(VICTOR).post("tenants", Documents.newTenant()).status(), "a viewer's change");
        assertEquals(400, as(ALICE).post("tenants", Documents.newTenant().replace("10.1.1.0/24", "10.1.1.1/24"))
                .status(), "host bits set");
        assertEquals(409, as(ALICE).delete("services/backup").status(), "a service still in use");
        assertEquals(404, as(ALICE).delete("tenants/nobody").status());

        assertEquals(before, changes().toString());
    }

    @Test
    void theRetentionSettingKeepsTheNewestAcrossARestart() throws IOException {
        start("--config", config.toString(), "--history-retention", "2");
        assertEquals(201, as(ALICE).post("tenants", Documents.newTenant()).status());
        assertEquals(204, as(ALICE).delete("intents/acme/backup").status());
        assertEquals(204, as(ALICE).delete("tenants/globex").status());

        List<String> kept = List.of("alice via rest: tenant globex removed", "alice via rest: access acme/backup revoked");
        assertEquals(kept, lines());
        start("--history-retention", "2");
        assertEquals(kept, lines());
        assertEquals(2, Files.readAllLines(state.resolve(FileChangeHistory.FILE)).size());
    }
}
