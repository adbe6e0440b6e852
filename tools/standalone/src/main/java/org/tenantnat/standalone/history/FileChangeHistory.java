package org.tenantnat.standalone.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.history.ChangeLog;
import org.tenantnat.history.Retention;
import org.tenantnat.standalone.FullDisk;
import org.tenantnat.store.StateStoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * The history of changes in the state directory ({@code history.log}): one line per change, the JSON that
 * {@code GET /changes} lists, synced before the change is committed to the state log (see
 * {@link RecordingStateStore}). A line is only listed once its change is committed; a line whose change was never
 * committed (the host was killed in between) is dropped at the next start, as is a line torn by a kill -9.
 * <p>
 * Records beyond the retention are dropped from what is listed at once, and from the file when it is rewritten:
 * at start, and whenever the dropped lines outnumber the kept ones. A rewrite goes to a temporary file that
 * replaces the log atomically.
 */
public final class FileChangeHistory implements ChangeHistoryService {

    /** The log's file name. */
    public static final String FILE = "history.log";

    private static final Logger log = LoggerFactory.getLogger(FileChangeHistory.class);
    private static final int REWRITE_MIN_DROPPED = 64;

    private final Path directory;
    private final Path file;
    private final Retention retention;
    private final Clock clock;
    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final ChangeLog records = new ChangeLog();
    private FileChannel out;
    private long beforePending = -1;
    private int droppedLines;

    private FileChangeHistory(Path directory, Retention retention, Clock clock) {
        this.directory = directory;
        this.file = directory.resolve(FILE);
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Opens the history of a state directory, creating it if needed; drops a torn last line and what the
     * retention no longer keeps.
     *
     * @param directory state directory
     * @param retention how long records are kept
     * @param clock     the time records are stamped and aged with
     * @return history
     * @throws StateStoreException when the log cannot be read or a line of it is damaged
     */
    public static FileChangeHistory open(Path directory, Retention retention, Clock clock) {
        FileChangeHistory history = new FileChangeHistory(directory, retention, clock);
        history.read();
        return history;
    }

    private void read() {
        try {
            Files.createDirectories(directory);
            byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            int start = 0;
            int number = 0;
            while (start < bytes.length) {
                int end = indexOf(bytes, start);
                number++;
                if (end < 0) {
                    log.warn("{}: dropping the torn last line {} ({} bytes), a change that was never committed",
                             file, number, bytes.length - start);
                    break;
                }
                records.put(decode(new String(bytes, start, end - start, StandardCharsets.UTF_8), number));
                start = end + 1;
            }
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            out.truncate(start);
            out.position(start);
        } catch (IOException e) {
            throw new StateStoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
        if (!records.prune(retention, clock.instant()).isEmpty()) {
            rewrite();
        }
        log.info("history of changes in {}: {} changes kept (retention {})", file, records.size(), retention);
    }

    private ChangeRecord decode(String line, int number) {
        try {
            return codecs.decode(JsonDocument.parseObject(line), ChangeRecord.class);
        } catch (InvalidConfigException | IllegalArgumentException e) {
            throw new StateStoreException(file + " line " + number + " is damaged (" + e.getMessage()
                                                  + "); move the file aside to start without the history", e);
        }
    }

    /**
     * Drops the records of changes after the last committed one: written ahead of a commit that never happened.
     *
     * @param committed the state's revision
     */
    public synchronized void recover(long committed) {
        List<ChangeRecord> ahead = records.changes(committed, Long.MAX_VALUE, MAX_LIMIT);
        if (!ahead.isEmpty()) {
            log.warn("{}: dropping the record of revision {}, a change that was never committed", file,
                     ahead.get(0).revision());
            ahead.forEach(r -> records.remove(r.revision()));
            rewrite();
        }
    }

    /**
     * Writes a change's record ahead of its commit, synced.
     *
     * @param record the record
     * @throws StateStoreException when it cannot be written; nothing of it is left
     */
    public synchronized void prepare(ChangeRecord record) {
        byte[] line = (codecs.encode(record, ChangeRecord.class).toString() + "\n").getBytes(StandardCharsets.UTF_8);
        if (!out.isOpen()) {
            reopen();
        }
        try {
            beforePending = out.position();
            ByteBuffer bytes = ByteBuffer.wrap(line);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        } catch (IOException e) {
            retract();
            throw FullDisk.refusal(directory, file, line.length, e);
        }
    }

    /**
     * Lists a prepared record: its change is committed.
     *
     * @param record the record prepared last
     */
    public synchronized void confirm(ChangeRecord record) {
        beforePending = -1;
        records.put(record);
        droppedLines += records.prune(retention, clock.instant()).size();
        if (droppedLines >= REWRITE_MIN_DROPPED && droppedLines > records.size()) {
            rewrite();
        }
    }

    /**
     * Removes the record prepared last: its change was not committed.
     */
    public synchronized void retract() {
        if (beforePending < 0) {
            return;
        }
        try {
            out.truncate(beforePending);
            out.position(beforePending);
            out.force(false);
            beforePending = -1;
        } catch (IOException e) {
            // Left in the file, it is dropped at the next start: its revision is beyond the state's.
            log.warn("cannot remove the record of a change that was not committed from {}: {}", file,
                     e.getMessage());
        }
    }

    @Override
    public synchronized List<ChangeRecord> changes(long since, long before, int limit) {
        droppedLines += records.prune(retention, clock.instant()).size();
        return records.changes(since, before, limit);
    }

    /**
     * Returns the retention in force.
     *
     * @return retention
     */
    public Retention retention() {
        return retention;
    }

    /**
     * Closes the log.
     */
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", file, e.getMessage());
        }
    }

    // Writes the records kept to a new file that replaces the log.
    private void rewrite() {
        Path next = directory.resolve(FILE + ".rewriting");
        StringBuilder text = new StringBuilder();
        records.all().forEach(r -> text.append(codecs.encode(r, ChangeRecord.class)).append('\n'));
        try {
            try (FileChannel c = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                  StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    c.write(bytes);
                }
                c.force(true);
            }
            out.close();
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
            droppedLines = 0;
        } catch (IOException e) {
            // The log stays as it was: dropped records come back at a start and are dropped again.
            log.warn("cannot rewrite {}: {}", file, e.getMessage());
        } finally {
            reopen();
        }
    }

    // A log that cannot be reopened refuses the next change's record, so that change is refused too.
    private void reopen() {
        try {
            if (!out.isOpen()) {
                out = FileChannel.open(file, StandardOpenOption.WRITE);
            }
            out.position(out.size());
        } catch (IOException e) {
            log.error("cannot reopen {}: {}; changes are refused until it can be written", file, e.getMessage());
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
