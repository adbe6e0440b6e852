package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.model.Tenant;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host's state directory on a disk of its own (a small tmpfs) that a file fills while a client writes changes
 * through REST and every customer host pings its VIP: once the last pages of the host's logs are used up too, every
 * write is refused with 507 naming the disk and changes nothing (GET /config reads the same), what was stored stays,
 * traffic flows on; once the file is deleted writes go through again, and a host killed and started again holds
 * every acknowledged change.
 */
class StateDiskFullTest {

    private static final long SEED = Long.getLong("tenantnat.faults.seed", System.nanoTime());
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp().stateOnDiskOf("2m");

    @Test
    void onAFullDiskWritesAreRefusedWith507NothingStoredIsLostAndWritesResumeOnceThereIsRoom() throws Exception {
        Rest rest = new Rest(LAB);
        String full = "no space left on the disk of state directory " + LAB.stateFile().getParent();
        List<Pinger> pingers = Pinger.fromEveryCustomerHost(LAB, PING_INTERVAL);
        Map<String, Tenant> others = InForce.tenants(rest);
        Path filler = LAB.stateDisk().resolve("filler");
        try (ChangeWriter writer = new ChangeWriter(rest, "d", 3000, 22, SEED)) {
            int perTenant = InForce.rulesPerWriterTenant(LAB, rest, writer);
            writer.resume();
            assertTrue(Poll.until(TIMEOUT, () -> writer.acknowledged() >= 20), "writes go through: " + writer);

            long filledAt = System.currentTimeMillis();
            fill(filler);
            assertTrue(Poll.until(TIMEOUT, () -> writer.refusals().containsKey(507)),
                       "a write refused with 507 once the disk is full: " + writer);
            // The last pages of the host's logs still take changes that fit in them (tmpfs allocates whole pages):
            // the writer goes on until even a removal, the smallest change, found no room.
            assertTrue(Poll.until(TIMEOUT, () -> writer.refusedSinceAcknowledged().contains("DELETE")),
                       "a removal refused once the disk is full: " + writer);
            writer.pause();
            assertEquals(Set.of(507), writer.refusals().keySet(), "refusals by status: " + writer.refusalBodies());
            writer.refusalBodies().forEach(b -> assertTrue(b.contains(full), b));
            assertEquals(List.of(), writer.unexpected(), "answers no valid change should get");
            InForce.assertHolds(LAB, rest, writer, others, perTenant, "disk full");
            int refusedByWriter = writer.refusals().get(507);

            String config = rest.get("/config").body();
            for (Write write : everyKindOfWrite(config, writer)) {
                HttpResponse<String> reply = write.send(rest);
                assertEquals(507, reply.statusCode(), write + ": " + reply.body());
                assertTrue(MAPPER.readTree(reply.body()).path("error").asText().contains(full), reply.body());
                assertEquals(config, rest.get("/config").body(), write + " on a full disk changed the state");
            }
            long checkedAt = System.currentTimeMillis();
            List<Long> gaps = new ArrayList<>();
            for (Pinger p : pingers) {
                assertTrue(p.awaitReplyAfter(checkedAt, TIMEOUT), p.host() + " reaches its VIP");
                gaps.add(p.longestGap(filledAt, checkedAt));
            }
            assertTrue(gaps.stream().allMatch(g -> g < 1000), "traffic stopped while the disk was full: " + gaps);

            Files.delete(filler);
            int acknowledged = writer.acknowledged();
            writer.resume();
            assertTrue(Poll.until(TIMEOUT, () -> writer.acknowledged() >= acknowledged + 10),
                       "writes go through again once there is room: " + writer);
            writer.pause();
            assertEquals(refusedByWriter, writer.refusals().get(507), "no write refused once there is room");
            InForce.assertHolds(LAB, rest, writer, others, perTenant, "room again");

            LAB.host().kill9();
            LAB.startHostAgain();
            assertTrue(Poll.until(TIMEOUT, () -> InForce.status(rest, "/config") == 200), "REST answers again");
            InForce.assertHolds(LAB, rest, writer, others, perTenant, "restart");
            System.out.printf("faults: state disk full for %.1f s under writes: %s; each kind of write refused with "
                                      + "507 and GET /config unchanged; longest ping gap meanwhile %s%n",
                              (checkedAt - filledAt) / 1000.0, writer, Millis.summary(gaps));
        } finally {
            pingers.forEach(Pinger::close);
        }
    }

    /** Writes a file until the disk has no room left. */
    private static void fill(Path file) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
    }

    /**
     * One write of each kind the API takes, each valid against the state now. The tenant they change has the longest
     * name of the writer's, so its removal needs at least the room of the one the writer was refused.
     */
    private static List<Write> everyKindOfWrite(String config, ChangeWriter writer) {
        Tenant some = writer.present().values().stream().max(Comparator.comparingInt(t -> t.name().length()))
                .orElseThrow();
        ObjectNode tenant = (ObjectNode) ChangeWriter.json(some);
        ObjectNode moved = tenant.deepCopy();
        ((ObjectNode) moved.get("access").get(0)).put("vip", "10.250.251.10");
        ObjectNode added = tenant.deepCopy().put("name", "d-full").put("id", 65000).put("vlan", 4090);
        ObjectNode without;
        try {
            without = (ObjectNode) MAPPER.readTree(config);
        } catch (IOException e) {
            throw new AssertionError("GET /config is not JSON: " + config, e);
        }
        for (Iterator<JsonNode> it = ((ArrayNode) without.get("tenants")).elements(); it.hasNext();) {
            if (it.next().path("name").asText().equals(some.name())) {
                it.remove();
            }
        }
        return List.of(new Write("POST", "/tenants", added.toString()),
                       new Write("PUT", "/tenants/" + some.name(), moved.toString()),
                       new Write("DELETE", "/tenants/" + some.name(), null),
                       new Write("DELETE", "/intents/acme/backup", null),
                       new Write("PUT", "/config", without.toString()));
    }

    /** One REST write. */
    private static final class Write {
        private final String method;
        private final String path;
        private final String body;

        Write(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        HttpResponse<String> send(Rest rest) throws IOException, InterruptedException {
            switch (method) {
                case "POST":
                    return rest.post(path, body);
                case "PUT":
                    return rest.put(path, body);
                default:
                    return rest.delete(path);
            }
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
