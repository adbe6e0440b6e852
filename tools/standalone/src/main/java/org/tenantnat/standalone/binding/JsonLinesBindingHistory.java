package org.tenantnat.standalone.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.binding.BindingHistory;
import org.tenantnat.binding.MemoryBindingHistory;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.store.StateStoreException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The standalone host's audit trail: {@code bindings.jsonl} in the state directory, one JSON line per record as
 * it began or ended ({@link org.tenantnat.codec.BindingRecordCodec}); a later line of the same record (same key)
 * replaces an earlier one. The file is the export: {@code jq}, {@code grep} and log shippers read it as it is.
 * Appends reach the operating system at once (a kill -9 loses none) and the disk within a second; records past the
 * retention are dropped by writing the rest to a new file that replaces the old one. Queries are answered from
 * memory, loaded at start.
 */
public final class JsonLinesBindingHistory implements BindingHistory, AutoCloseable {

    /** The trail's file name in the state directory. */
    public static final String FILE = "bindings.jsonl";

    private static final Logger log = LoggerFactory.getLogger(JsonLinesBindingHistory.class);
    private static final long SYNC_MILLIS = 1000;

    private final Path file;
    private final Duration retention;
    private final MemoryBindingHistory memory;
    private final ObjectMapper mapper = new ObjectMapper();
    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final ScheduledExecutorService syncer;
    private FileChannel out;
    private boolean dirty;

    /**
     * Opens the trail of a state directory, reading what it holds.
     *
     * @param directory state directory
     * @param retention how long records that ended are kept
     * @throws StateStoreException when the file cannot be read or opened
     */
    public JsonLinesBindingHistory(Path directory, Duration retention) {
        this.file = directory.resolve(FILE);
        this.retention = retention;
        this.memory = new MemoryBindingHistory(retention);
        try {
            Files.createDirectories(directory);
            memory.record(read(file));
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                   StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StateStoreException("cannot open the audit trail " + file + ": " + e.getMessage(), e);
        }
        syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenantnat-audit-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(this::sync, SYNC_MILLIS, SYNC_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the records of a trail file without opening it for writing, e.g. while its host runs; a torn last line
     * is left out.
     *
     * @param file trail file
     * @return every line's record, in file order (a record's end after its start)
     * @throws IOException when the file cannot be read
     */
    public static List<BindingRecord> read(Path file) throws IOException {
        List<BindingRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        ObjectMapper mapper = new ObjectMapper();
        LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode json = mapper.readTree(line);
                    records.add(codecs.codec(BindingRecord.class).decode((ObjectNode) json, codecs));
                } catch (IOException | RuntimeException e) {
                    log.warn("{} line {} is not a record ({}); skipped", file, number, e.getMessage());
                }
            }
        }
        return records;
    }

    @Override
    public synchronized void record(Collection<BindingRecord> records) {
        StringBuilder lines = new StringBuilder();
        for (BindingRecord r : records) {
            lines.append(codecs.codec(BindingRecord.class).encode(r, codecs).toString()).append('\n');
        }
        append(lines.toString());
        memory.record(records);
    }

    @Override
    public synchronized void close(String tenant, Ip4Prefix translated, Instant to) {
        List<BindingRecord> ended = memory.ending(tenant, translated, to);
        if (!ended.isEmpty()) {
            record(ended);
        }
    }

    @Override
    public List<BindingRecord> at(Ip4Address address, int port, Instant at) {
        return memory.at(address, port, at);
    }

    @Override
    public List<BindingRecord> between(String tenant, Instant from, Instant to) {
        return memory.between(tenant, from, to);
    }

    @Override
    public List<BindingRecord> open() {
        return memory.open();
    }

    @Override
    public synchronized int prune(Instant now) {
        int dropped = memory.prune(now);
        if (dropped > 0) {
            rewrite();
        }
        return dropped;
    }

    /**
     * Writes the trail as JSON lines, one line per record as it stands.
     *
     * @param sink where to write
     * @param from records that ended before this are left out
     * @throws IOException when the sink fails
     */
    public void export(OutputStream sink, Instant from) throws IOException {
        for (BindingRecord r : memory.between(null, from, Instant.MAX)) {
            sink.write((codecs.codec(BindingRecord.class).encode(r, codecs).toString() + "\n")
                               .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public synchronized void close() {
        syncer.shutdownNow();
        try {
            out.force(false);
            out.close();
        } catch (IOException e) {
            log.warn("closing the audit trail {}: {}", file, e.getMessage());
        }
    }

    private void append(String lines) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            dirty = true;
        } catch (IOException e) {
            throw new StateStoreException("cannot write the audit trail " + file + ": " + e.getMessage(), e);
        }
    }

    private synchronized void sync() {
        if (!dirty) {
            return;
        }
        try {
            out.force(false);
            dirty = false;
        } catch (IOException e) {
            log.warn("cannot sync the audit trail {}: {}", file, e.getMessage());
        }
    }

    // Writes the records kept to a new file and puts it in place of the trail.
    private void rewrite() {
        Path next = file.resolveSibling(FILE + ".pruning");
        try {
            try (OutputStream sink = Files.newOutputStream(next)) {
                export(sink, Instant.MIN);
            }
            try (FileChannel sync = FileChannel.open(next, StandardOpenOption.WRITE)) {
                sync.force(true);
            }
            out.close();
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            log.info("audit trail {} rewritten without the records ended more than {} ago", file, retention);
        } catch (IOException e) {
            log.warn("cannot prune the audit trail {}: {}", file, e.getMessage());
            try {
                Files.deleteIfExists(next);
                if (!out.isOpen()) {
                    out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                }
            } catch (IOException again) {
                throw new StateStoreException("cannot reopen the audit trail " + file + ": " + again.getMessage(),
                                              again);
            }
        }
    }
}
