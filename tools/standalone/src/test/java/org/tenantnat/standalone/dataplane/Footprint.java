package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.standalone.history.FileChangeHistory;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;

/**
 * What the standalone host holds and uses at one moment, each figure read from where an operator would read it:
 * the switch's flow table, pool usage, bindings and intents over REST, the state directory's record log (its size
 * and its live records), the history of changes (records served by {@code GET /changes}, size of {@code
 * history.log}) and the host JVM's heap after a full collection.
 */
final class Footprint {

    private final FlowTable flows;
    private final JsonNode pool;
    private final int bindings;
    private final JsonNode intents;
    private final StoredState stored;
    private final long logBytes;
    private final int historyRecords;
    private final long historyBytes;
    private final long heapBytes;

    private Footprint(FlowTable flows, JsonNode pool, int bindings, JsonNode intents, StoredState stored,
                      long logBytes, int historyRecords, long historyBytes, long heapBytes) {
        this.flows = flows;
        this.pool = pool;
        this.bindings = bindings;
        this.intents = intents;
        this.stored = stored;
        this.logBytes = logBytes;
        this.historyRecords = historyRecords;
        this.historyBytes = historyBytes;
        this.heapBytes = heapBytes;
    }

    /**
     * Measures a lab's host now.
     *
     * @param lab  the lab
     * @param rest its REST client
     * @return the figures
     */
    static Footprint of(DataplaneLab lab, Rest rest) {
        try {
            int bindings = json(rest, "/bindings").path("bindings").size();
            return new Footprint(lab.lab().flows(), json(rest, "/pool"), bindings, json(rest, "/intents"),
                                 lab.storedState(), Files.size(lab.stateFile()),
                                 json(rest, "/changes?limit=" + ChangeHistoryService.MAX_LIMIT).path("changes").size(),
                                 Files.size(lab.stateFile().resolveSibling(FileChangeHistory.FILE)),
                                 HostHeap.usedAfterGc(lab.host().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Rest rest, String path) throws IOException {
        try {
            HttpResponse<String> reply = rest.get(path);
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + reply.statusCode() + " " + reply.body());
            }
            return new ObjectMapper().readTree(reply.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The switch's rules. */
    FlowTable flows() {
        return flows;
    }

    /** {@code GET /pool}. */
    JsonNode pool() {
        return pool;
    }

    /** Bindings in force ({@code GET /bindings}). */
    int bindings() {
        return bindings;
    }

    /** {@code GET /intents}. */
    JsonNode intents() {
        return intents;
    }

    /** The live records of the state directory, and its revision. */
    StoredState stored() {
        return stored;
    }

    /** Size of the record log, in bytes. */
    long logBytes() {
        return logBytes;
    }

    /** Records of the history of changes the host serves (at most {@link ChangeHistoryService#MAX_LIMIT}). */
    int historyRecords() {
        return historyRecords;
    }

    /** Size of the history of changes' file, in bytes. */
    long historyBytes() {
        return historyBytes;
    }

    /** Heap in use after a full collection, in bytes. */
    long heapBytes() {
        return heapBytes;
    }

    @Override
    public String toString() {
        return String.format("%d rules, pool %s of %s allocated, %d bindings, %d intents, %d live records (revision "
                                     + "%d), log %,d bytes, history %d records in %,d bytes, heap after GC %,d KiB",
                             flows.size(), pool.path("allocated").asText(), pool.path("size").asText(), bindings,
                             intents.path("intents").size(), stored.records().size(), stored.revision(), logBytes,
                             historyRecords, historyBytes, heapBytes / 1024);
    }
}
