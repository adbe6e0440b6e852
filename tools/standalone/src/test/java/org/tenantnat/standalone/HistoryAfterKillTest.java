package org.tenantnat.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.standalone.dataplane.StandaloneProcess;
import org.tenantnat.web.Documents;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history of changes survives kill -9 like the state: the host is killed with SIGKILL while a client keeps
 * adding tenants, and after a restart the tenants recorded as added are exactly the tenants in force (no change
 * without its record, no record without its change), among them every tenant whose addition was acknowledged.
 */
class HistoryAfterKillTest {

    private static final String CREDENTIALS = "alice:alice-admin-pw";
    private static final int ACKNOWLEDGED_BEFORE_KILL = 25;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Set<String> SEEDED = Set.of("acme", "globex");

    @TempDir
    Path dir;

    private StandaloneProcess host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.stop();
        }
    }

    @Test
    void afterAKillWhileChangingTheRecordedTenantsAreExactlyThoseInForce() throws Exception {
        Path config = dir.resolve("desired-state.json");
        Files.writeString(config, Documents.CONFIG);
        int port = freePort();
        host = new StandaloneProcess(dir.resolve("host.log"), List.of(
                "--config", config.toString(), "--state", dir.resolve("state").toString(),
                "--openflow", "127.0.0.1:0", "--http", "127.0.0.1:" + port, "--credentials", CREDENTIALS));
        HttpCalls http = new HttpCalls(URI.create("http://127.0.0.1:" + port + "/onos/tenantnat/"))
                .withCredentials(CREDENTIALS);
        start(http);

        Set<String> acknowledged = new ConcurrentSkipListSet<>();
        AtomicBoolean cutOff = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 1; i < 200; i++) {
                String name = "t" + i;
                try {
                    if (http.post("tenants", tenant(name, 10 + i)).status() == 201) {
                        acknowledged.add(name);
                    }
                } catch (RuntimeException killed) {
                    cutOff.set(true);
                    return;
                }
            }
        });
        while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && !writer.isDone()) {
            Thread.sleep(5);
        }
        host.kill9();
        writer.join();
        assertFalse(host.isAlive());
        assertTrue(cutOff.get(), "the kill cut the client off while it was adding tenants");
        assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "acknowledged " + acknowledged);

        start(http);

        Set<String> inForce = new TreeSet<>();
        json(http.get("tenants")).path("tenants").forEach(t -> inForce.add(t.path("name").asText()));
        inForce.removeAll(SEEDED);
        Set<String> recorded = new TreeSet<>();
        for (JsonNode change : json(http.get("changes?limit=1000")).path("changes")) {
            if (change.path("source").asText().equals("rest")) {
                assertEquals("alice", change.path("user").asText());
                assertEquals(1, change.path("summary").size(), change::toString);
                String line = change.path("summary").get(0).asText();
                assertTrue(line.matches("tenant t[0-9]+ added"), line);
                recorded.add(line.split(" ")[1]);
            }
        }
        assertEquals(inForce, recorded, "tenants in force vs tenants recorded as added");
        assertTrue(inForce.containsAll(acknowledged), "acknowledged " + acknowledged + ", in force " + inForce);
    }

    // The host says it listens for switches before its REST API is up: wait for the API too.
    private void start(HttpCalls http) throws InterruptedException {
        host.start(STARTUP);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                if (http.get("config").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                assertTrue(System.nanoTime() < deadline, () -> "REST API not up:\n" + host.tail(30));
            }
            Thread.sleep(100);
        }
    }

    private static String tenant(String name, int id) {
        return "{\"name\": \"" + name + "\", \"id\": " + id + ", \"connectPoint\": \"of:0000000000000001/" + id
                + "\", \"routerIp\": \"10.1.1.254\", \"gatewayIp\": \"10.1.1.1\", \"prefixes\": [\"10.1.1.0/24\"]}";
    }

    private static JsonNode json(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
