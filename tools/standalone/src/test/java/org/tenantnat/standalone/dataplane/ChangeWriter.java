package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.LocalCodecContext;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A REST client that changes tenants without pause, as an operator's automation would, and keeps what the host
 * answered: a change acknowledged (2xx) must be in force from then on, a change refused with 5xx must not be, and a
 * change that got no answer (the host died meanwhile) is in doubt until {@link #resolve} reads what the host holds
 * and checks it is the state before or after that change, never a mix.
 * <p>
 * Its tenants are named {@code PREFIX<n>} with ids from a first id up, all on one switch port (a VLAN each), with
 * their router's MAC given so they install without ARP; each reaches the demo's service at a VIP that a replace
 * changes. After a request without an answer the writer stalls until {@link #resume}, so nothing more is written
 * before the test has looked.
 */
final class ChangeWriter implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final LocalCodecContext CODECS = LocalCodecContext.withTenantNatCodecs();
    private static final int MIN_LIVE = 3;
    private static final int MAX_LIVE = 8;

    private final Rest rest;
    private final String prefix;
    private final int firstId;
    private final int port;
    private final Random random;
    private final Map<String, Tenant> present = new TreeMap<>();
    private final Set<String> absent = new TreeSet<>();
    private final Map<String, Doubt> inDoubt = new TreeMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private final Map<Integer, Integer> refusals = new TreeMap<>();
    private final List<String> refusalBodies = new ArrayList<>();
    private final Set<String> refusedSinceAcknowledged = new TreeSet<>();
    private final Thread thread;
    private int next;
    private int acknowledged;
    private boolean running = true;
    private boolean paused = true;
    private boolean busy;
    private boolean stalled;

    /** The state of a tenant before a change without an answer, and the state that change asked for. */
    private static final class Doubt {
        private final Optional<Tenant> before;
        private final Optional<Tenant> after;
        private final String change;

        Doubt(Optional<Tenant> before, Optional<Tenant> after, String change) {
            this.before = before;
            this.after = after;
            this.change = change;
        }
    }

    /**
     * Creates a paused writer.
     *
     * @param rest    REST client of the host
     * @param prefix  prefix of its tenants' names
     * @param firstId id of its first tenant
     * @param port    switch port of its tenants
     * @param seed    seed of its random choices
     */
    ChangeWriter(Rest rest, String prefix, int firstId, int port, long seed) {
        this.rest = rest;
        this.prefix = prefix;
        this.firstId = firstId;
        this.port = port;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "change-writer-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (true) {
            synchronized (this) {
                busy = false;
                notifyAll();
                while (running && (paused || stalled)) {
                    waitQuietly();
                }
                if (!running) {
                    return;
                }
                busy = true;
            }
            writeOne();
        }
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            running = false;
        }
    }

    // One change: add while few tenants are live, remove while many, else any of add, replace, remove. While
    // changes are refused (nothing changes), any of them whatever the count, so each kind meets the refusal.
    private void writeOne() {
        List<String> live;
        boolean refused;
        synchronized (this) {
            live = new ArrayList<>(present.keySet());
            refused = !refusedSinceAcknowledged.isEmpty();
        }
        int choice = live.isEmpty() ? 0 : refused ? random.nextInt(3)
                : live.size() < MIN_LIVE ? 0 : live.size() >= MAX_LIVE ? 2 : random.nextInt(3);
        if (choice == 0) {
            Tenant tenant = newTenant(next++);
            send("POST /tenants " + tenant.name(), tenant.name(), Optional.of(tenant),
                 () -> rest.post("/tenants", json(tenant).toString()));
        } else if (choice == 1) {
            String name = live.get(random.nextInt(live.size()));
            Tenant tenant;
            synchronized (this) {
                tenant = withVip(present.get(name), "10.250." + (1 + random.nextInt(250)) + ".10");
            }
            send("PUT /tenants/" + name, name, Optional.of(tenant),
                 () -> rest.put("/tenants/" + name, json(tenant).toString()));
        } else {
            String name = live.get(random.nextInt(live.size()));
            send("DELETE /tenants/" + name, name, Optional.empty(), () -> rest.delete("/tenants/" + name));
        }
    }

    private interface Call {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private void send(String change, String name, Optional<Tenant> after, Call call) {
        Optional<Tenant> before;
        synchronized (this) {
            before = Optional.ofNullable(present.get(name));
        }
        HttpResponse<String> reply;
        try {
            reply = call.send();
        } catch (IOException e) {
            synchronized (this) {
                inDoubt.put(name, new Doubt(before, after, change));
                stalled = true;
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = reply.statusCode();
        synchronized (this) {
            if (status / 100 == 2) {
                acknowledged++;
                refusedSinceAcknowledged.clear();
                if (after.isPresent()) {
                    present.put(name, tenant(reply.body()));
                    absent.remove(name);
                } else {
                    present.remove(name);
                    absent.add(name);
                }
            } else if (status / 100 == 5) {
                refusals.merge(status, 1, Integer::sum);
                refusedSinceAcknowledged.add(change.substring(0, change.indexOf(' ')));
                refusalBodies.add(status + " " + reply.body());
                if (before.isEmpty()) {
                    absent.add(name);
                }
            } else {
                unexpected.add(change + ": " + status + " " + reply.body());
            }
        }
    }

    private Tenant newTenant(int n) {
        ObjectNode json = MAPPER.createObjectNode().put("name", prefix + n).put("id", firstId + n)
                .put("connectPoint", "of:0000000000000001/" + port).put("vlan", 1 + n % 4000)
                .put("routerIp", "10.9.0.2").put("routerMac", "02:00:00:09:00:02").put("gatewayIp", "10.9.0.1");
        json.putArray("prefixes").add("10.1.1.0/24");
        json.putObject("translation").put("mode", "static");
        json.putArray("access").addObject().put("service", "backup").put("vip", "10.250.0.10");
        return CODECS.decode(json, Tenant.class);
    }

    private static Tenant withVip(Tenant tenant, String vip) {
        ObjectNode json = CODECS.encode(tenant, Tenant.class);
        ((ObjectNode) json.get("access").get(0)).put("vip", vip);
        return CODECS.decode(json, Tenant.class);
    }

    /**
     * Writes a tenant as the API takes it.
     *
     * @param tenant tenant
     * @return its JSON
     */
    static ObjectNode json(Tenant tenant) {
        return CODECS.encode(tenant, Tenant.class);
    }

    /**
     * Reads a tenant as the API encodes it.
     *
     * @param json tenant JSON
     * @return tenant
     */
    static Tenant tenant(String json) {
        try {
            return CODECS.decode(MAPPER.readTree(json), Tenant.class);
        } catch (IOException e) {
            throw new IllegalStateException("not a tenant: " + json, e);
        }
    }

    /** Lets the writer go on (again): clears a stall after a request without an answer. */
    synchronized void resume() {
        paused = false;
        stalled = false;
        notifyAll();
    }

    /** Stops writing and waits until no request is in flight. */
    synchronized void pause() throws InterruptedException {
        paused = true;
        while (busy) {
            wait();
        }
    }

    /**
     * Waits until the writer stalled on a request without an answer, and none is in flight.
     *
     * @param timeout how long
     * @return whether it stalled in time
     */
    synchronized boolean awaitStalled(Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!stalled || busy) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /**
     * Settles every change in doubt by what the host holds now: the tenant must be as before that change or as it
     * asked, and is taken as it is.
     *
     * @param holds what the host holds for a tenant name (empty: no such tenant)
     * @return the changes in doubt that the host had applied
     * @throws AssertionError when the host holds a tenant that is neither
     */
    synchronized List<String> resolve(Function<String, Optional<Tenant>> holds) {
        List<String> applied = new ArrayList<>();
        for (Map.Entry<String, Doubt> e : inDoubt.entrySet()) {
            Optional<Tenant> now = holds.apply(e.getKey());
            Doubt doubt = e.getValue();
            if (!now.equals(doubt.before) && !now.equals(doubt.after)) {
                throw new AssertionError(doubt.change + " got no answer, and the host now holds " + now
                                                 + ": neither the tenant before " + doubt.before + " nor after "
                                                 + doubt.after);
            }
            if (now.equals(doubt.after) && !doubt.after.equals(doubt.before)) {
                applied.add(doubt.change);
            }
            if (now.isPresent()) {
                present.put(e.getKey(), now.get());
                absent.remove(e.getKey());
            } else {
                present.remove(e.getKey());
                absent.add(e.getKey());
            }
        }
        inDoubt.clear();
        return applied;
    }

    /** The writer's tenants that must be in force, by name. */
    synchronized Map<String, Tenant> present() {
        return new TreeMap<>(present);
    }

    /** Names of the writer's tenants that must not exist: removed, or whose creation was refused. */
    synchronized Set<String> absent() {
        return new TreeSet<>(absent);
    }

    /** Tells whether a tenant name is the writer's. */
    boolean owns(String name) {
        return name.startsWith(prefix) && name.substring(prefix.length()).chars().allMatch(Character::isDigit);
    }

    /** Changes acknowledged so far. */
    synchronized int acknowledged() {
        return acknowledged;
    }

    /** Changes refused with a 5xx so far, by status. */
    synchronized Map<Integer, Integer> refusals() {
        return new TreeMap<>(refusals);
    }

    /** Methods of the changes refused with a 5xx since the last acknowledged change (POST, PUT, DELETE). */
    synchronized Set<String> refusedSinceAcknowledged() {
        return new TreeSet<>(refusedSinceAcknowledged);
    }

    /** The bodies of the 5xx refusals, with their status. */
    synchronized List<String> refusalBodies() {
        return new ArrayList<>(refusalBodies);
    }

    /** Answers no change of the writer should get (4xx): each with the change. */
    synchronized List<String> unexpected() {
        return new ArrayList<>(unexpected);
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "writer " + prefix + ": " + acknowledged + " acknowledged, refused " + refusals + ", live "
                    + present.keySet().stream().collect(Collectors.joining(", "));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
