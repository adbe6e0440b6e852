package org.tenantnat.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.store.AbstractStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.Origin;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.RecordCodec;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The standalone host's single source of truth: the records of its state in an append-only log in the state
 * directory ({@code state.log}), one line per committed change holding just the records it put or removed, synced
 * before the commit returns. A kill -9 can only tear the last line, which the next start drops (that change was
 * never acknowledged). When the log has grown well beyond the records it holds, it is compacted: the live records
 * are written as one line to a new file that replaces the log atomically.
 * <p>
 * A change that holds only bindings (a host's first packet, its idle end) is written to the operating system before
 * the commit returns, so a kill -9 of the host loses none, and synced to the disk within
 * {@value #BINDING_SYNC_MILLIS} ms rather than before returning: a sync costs milliseconds on many disks, more than a
 * first packet may wait. Only a crash of the machine itself in that window can lose a binding (its host then gets a
 * new one on its next packet). {@code syncBindings} makes every binding wait for its sync instead.
 * <p>
 * The directory is locked while a host uses it, so two hosts never write the same state.
 */
public final class FileStateStore extends AbstractStore<StateEvent, StateStoreDelegate> implements StateStore {

    /** The log's file name. */
    static final String LOG = "state.log";
    /** The lock file's name. */
    static final String LOCK = "lock";

    private static final Logger log = LoggerFactory.getLogger(FileStateStore.class);
    private static final String REVISION = "revision";
    private static final String RECORDS = "records";
    private static final long COMPACT_MIN_BYTES = 1 << 20;
    private static final int COMPACT_FACTOR = 4;
    /** Most time a binding written to the operating system waits for its sync to the disk. */
    static final long BINDING_SYNC_MILLIS = 50;

    private final Path directory;
    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordCodec codec = new RecordCodec();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Replay records;
    private final long compactMinBytes;
    private final boolean syncBindings;
    private final AtomicBoolean unsynced = new AtomicBoolean();
    private ScheduledExecutorService syncer;
    private long logBytes;
    private volatile FileChannel out;

    /**
     * Opens the store of a directory, creating the directory if needed, and locks it.
     *
     * @param directory state directory
     * @throws StateStoreException when the directory cannot be created, or another host holds it
     */
    public FileStateStore(Path directory) {
        this(directory, COMPACT_MIN_BYTES, false);
    }

    /**
     * Opens the store of a directory, choosing whether a change holding only bindings waits for its sync.
     *
     * @param directory    state directory
     * @param syncBindings true to sync every binding before its commit returns
     * @throws StateStoreException when the directory cannot be created, or another host holds it
     */
    public FileStateStore(Path directory, boolean syncBindings) {
        this(directory, COMPACT_MIN_BYTES, syncBindings);
    }

    /**
     * Opens the store of a directory with another compaction threshold.
     *
     * @param directory       state directory
     * @param compactMinBytes size below which the log is never compacted
     */
    FileStateStore(Path directory, long compactMinBytes) {
        this(directory, compactMinBytes, false);
    }

    private FileStateStore(Path directory, long compactMinBytes, boolean syncBindings) {
        this.compactMinBytes = compactMinBytes;
        this.syncBindings = syncBindings;
        this.directory = directory;
        this.file = directory.resolve(LOG);
        this.records = new Replay(file);
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
        } catch (IOException e) {
            throw new StateStoreException("cannot open state directory " + directory + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            throw new StateStoreException("state directory " + directory + " is in use by another tenantnat host",
                                          null);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Held by another store of this JVM.
            return null;
        }
    }

    /**
     * Releases the directory.
     */
    public synchronized void close() {
        try {
            if (syncer != null) {
                syncer.shutdownNow();
            }
            if (out != null) {
                if (unsynced.getAndSet(false)) {
                    out.force(false);
                }
                out.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", directory, e.getMessage());
        }
    }

    /**
     * Tells whether the directory holds no state yet.
     *
     * @return true before the first commit
     */
    public synchronized boolean isEmpty() {
        return load().isEmpty();
    }

    /**
     * Reads the state a directory holds without opening it for writing, e.g. while its host runs.
     *
     * @param directory state directory
     * @return records and revision; a torn last line is left out
     * @throws StateStoreException when the log cannot be read
     */
    public static StoredState read(Path directory) {
        Path log = directory.resolve(LOG);
        Replay replay = new Replay(log);
        try {
            if (Files.exists(log)) {
                replay.lines(Files.readAllBytes(log), false);
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot read " + log + ": " + e.getMessage(), e);
        }
        return replay.stored();
    }

    @Override
    public synchronized StoredState load() {
        if (out == null) {
            open();
        }
        return records.stored();
    }

    @Override
    public synchronized long commit(long base, StateChange change) {
        if (out == null) {
            open();
        }
        if (base != records.revision) {
            throw new ConcurrentChangeException(base, records.revision);
        }
        ObjectNode line = codec.encode(change);
        line.put(REVISION, base + 1);
        Map<String, Optional<String>> texts = new LinkedHashMap<>();
        line.get(RECORDS).fields().forEachRemaining(e -> texts.put(e.getKey(),
                e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue().toString())));
        append(line.toString(), syncBindings || !change.onlyBindings());
        texts.forEach(records::keep);
        records.revision = base + 1;
        if (logBytes > compactMinBytes && logBytes > COMPACT_FACTOR * records.liveBytes) {
            compact();
        }
        return records.revision;
    }

    // Reads the log, dropping a torn last line, and opens it for appending.
    private void open() {
        try {
            if (Files.exists(file)) {
                records.lines(Files.readAllBytes(file), true);
            }
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            logBytes = out.size();
            out.position(logBytes);
            syncDirectory();
        } catch (IOException e) {
            throw new StateStoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    // Appends one line and syncs it now or soon; on failure (disk full) the log is cut back, so nothing of it
    // remains.
    private void append(String line, boolean syncNow) {
        byte[] text = (line + "\n").getBytes(StandardCharsets.UTF_8);
        long before;
        try {
            if (!out.isOpen()) {
                reopen();
            }
            before = out.position();
        } catch (IOException e) {
            throw new StateStoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(text);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (syncNow) {
                out.force(false);
                unsynced.set(false);
            } else {
                unsynced.set(true);
                startSyncer();
            }
            logBytes = out.position();
        } catch (IOException e) {
            try {
                out.truncate(before);
                out.position(before);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw FullDisk.refusal(directory, file, text.length, e);
        }
    }

    private void reopen() throws IOException {
        out = FileChannel.open(file, StandardOpenOption.WRITE);
        logBytes = out.size();
        out.position(logBytes);
    }

    // Writes the live records as one line to a new file and puts it in place of the log.
    private void compact() {
        Path next = directory.resolve(LOG + ".compacting");
        StringBuilder line = new StringBuilder("{\"origin\":{\"channel\":\"SYSTEM\",\"user\":\"compaction\"},");
        line.append("\"records\":{");
        boolean first = true;
        try {
            for (Map.Entry<String, String> e : records.live.entrySet()) {
                line.append(first ? "" : ",").append(mapper.writeValueAsString(e.getKey())).append(':')
                        .append(e.getValue());
                first = false;
            }
            line.append("},\"").append(REVISION).append("\":").append(records.revision).append("}\n");
            try (FileChannel c = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                  StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    c.write(bytes);
                }
                c.force(true);
            }
            out.close();
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
            reopen();
            log.info("{} compacted to {} records at revision {}", file, records.live.size(), records.revision);
        } catch (IOException e) {
            // The log stays valid as it was, and the change that led here is kept in it: compaction is tried again
            // after a later commit, and a log that cannot be reopened now is reopened by the next append.
            log.warn("cannot compact {}: {}", file, e.getMessage());
            try {
                Files.deleteIfExists(next);
                if (!out.isOpen()) {
                    reopen();
                }
            } catch (IOException again) {
                log.warn("cannot reopen {}: {}", file, again.getMessage());
            }
        }
    }

    // Syncs what was written without waiting for it, off the committing thread and outside the store's lock.
    private void startSyncer() {
        if (syncer != null) {
            return;
        }
        syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenantnat-state-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(() -> {
            if (!unsynced.getAndSet(false)) {
                return;
            }
            try {
                out.force(false);
            } catch (ClosedChannelException e) {
                // Compaction put a new file in place, synced; or the store closed after a last sync.
                log.debug("{}: sync after close or compaction", file);
            } catch (IOException e) {
                unsynced.set(true);
                log.warn("cannot sync {}: {}", file, e.getMessage());
            }
        }, BINDING_SYNC_MILLIS, BINDING_SYNC_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The live records of a log, replayed line by line, and its revision. */
    private static final class Replay {
        private final Path file;
        private final ObjectMapper mapper = new ObjectMapper();
        private final RecordCodec codec = new RecordCodec();
        private final Map<String, String> live = new TreeMap<>();
        private long liveBytes;
        private long revision;

        Replay(Path file) {
            this.file = file;
        }

        void lines(byte[] bytes, boolean repair) throws IOException {
            int start = 0;
            int number = 0;
            while (start < bytes.length) {
                int end = indexOf(bytes, (byte) '\n', start);
                number++;
                if (end < 0 && !repair) {
                    return;
                }
                if (end < 0) {
                    log.warn("{}: dropping the torn last line {} ({} bytes), a change that was never acknowledged",
                             file, number, bytes.length - start);
                    try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        truncate.truncate(start);
                        truncate.force(true);
                    }
                    return;
                }
                apply(new String(bytes, start, end - start, StandardCharsets.UTF_8), number);
                start = end + 1;
            }
        }

        private void apply(String text, int number) {
            JsonNode line;
            try {
                line = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                throw new StateStoreException(file + " line " + number + " is not JSON: " + e.getOriginalMessage()
                                                      + "; the state directory is damaged", e);
            }
            long lineRevision = line.path(REVISION).asLong(-1);
            if (lineRevision <= revision || !line.path(RECORDS).isObject()) {
                throw new StateStoreException(file + " line " + number + " is not the change after revision "
                                                      + revision + "; the state directory is damaged", null);
            }
            Iterator<Map.Entry<String, JsonNode>> records = line.get(RECORDS).fields();
            while (records.hasNext()) {
                Map.Entry<String, JsonNode> e = records.next();
                keep(e.getKey(), e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue().toString()));
            }
            revision = lineRevision;
        }

        void keep(String key, Optional<String> text) {
            String before = text.isPresent() ? live.put(key, text.get()) : live.remove(key);
            liveBytes += text.map(t -> (long) key.length() + t.length()).orElse(0L)
                    - (before == null ? 0 : key.length() + before.length());
        }

        StoredState stored() {
            Map<String, Optional<JsonNode>> records = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, String> e : live.entrySet()) {
                    records.put(e.getKey(), Optional.of(mapper.readTree(e.getValue())));
                }
            } catch (IOException e) {
                throw new StateStoreException("cannot read the records of " + file + ": " + e.getMessage(), e);
            }
            return new StoredState(revision, codec.decodeRecords(Origin.SYSTEM, records));
        }
    }
}
