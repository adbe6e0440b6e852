package org.tenantnat.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.history.Retention;
import org.tenantnat.standalone.history.FileChangeHistory;
import org.tenantnat.standalone.history.RecordingStateStore;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StorageFullException;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The record log on a disk that fills up (a small tmpfs the test mounts in its own directory, as root): a change
 * that does not fit is refused as {@link StorageFullException} naming the state directory, the log keeps every
 * change accepted before, whole, and takes changes again once there is room; a compaction that finds no room
 * leaves the change that triggered it kept; with the history of changes written ahead of each commit, as the host
 * runs, the state and the history agree on the last change kept. Skipped without root, except in CI.
 */
class FileStateStoreFullDiskTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final String DISK_SIZE = "64k";
    private static final int MAX_CHANGES_IN_SLACK = 100;

    @TempDir
    Path dir;

    private Path disk;
    private Path state;
    private Path filler;
    private final List<FileStateStore> opened = new ArrayList<>();

    @BeforeEach
    void mountSmallDisk() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && ContinuousIntegration.active()) {
            fail("the full-disk test mounts a tmpfs and needs root, which CI must have");
        }
        Assumptions.assumeTrue(root, "the full-disk test mounts a tmpfs and needs root (CI is not set)");
        disk = Files.createDirectory(dir.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE + ",mode=0700", "tenantnat-test", disk.toString());
        state = disk.resolve("state");
        filler = disk.resolve("filler");
    }

    @AfterEach
    void unmount() throws Exception {
        opened.forEach(FileStateStore::close);
        if (disk != null) {
            run("umount", disk.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private FileStateStore open(long compactMinBytes) {
        FileStateStore store = new FileStateStore(state, compactMinBytes);
        opened.add(store);
        return store;
    }

    /** Writes a file until the disk has no room left. */
    private void fillDisk() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
    }

    private static DesiredState demo() throws IOException {
        return DesiredStateReader.parseAndValidate(Files.readString(Path.of("../examples/demo.json"),
                                                                    StandardCharsets.UTF_8));
    }

    private static StateChange everything(DesiredState state) {
        StateChange.Builder change = StateChange.builder(ORIGIN).settings(ProviderSettings.of(state));
        state.services().forEach(change::putService);
        state.tenants().forEach(change::putTenant);
        return change.build();
    }

    private static StateChange renumbered(Tenant tenant, long revision) {
        return StateChange.builder(ORIGIN).putTenant(tenant.toBuilder().id((int) (revision % 60000) + 100).build())
                .build();
    }

    // Renumbers a tenant, a change at a time, until a change is refused as the disk being full; returns the last
    // revision committed.
    private long commitUntilRefused(StateStore store, Tenant tenant, long from) {
        long revision = from;
        for (int i = 0; i < MAX_CHANGES_IN_SLACK; i++) {
            try {
                revision = store.commit(revision, renumbered(tenant, revision));
            } catch (StorageFullException refused) {
                assertTrue(refused.getMessage().contains("no space left on the disk of state directory " + state),
                           refused.getMessage());
                return revision;
            }
        }
        return fail("no change was refused on a full disk");
    }

    @Test
    void aChangeWithoutRoomIsRefusedTheLogKeepsEveryAcceptedChangeAndTakesChangesOnceThereIsRoom()
            throws Exception {
        FileStateStore store = open(1 << 20);
        DesiredState demo = demo();
        Tenant acme = demo.tenant("acme").orElseThrow();
        long revision = store.commit(0, everything(demo));
        fillDisk();

        // What is left of the log's last page takes a few changes; the first that does not fit is refused.
        revision = commitUntilRefused(store, acme, revision);
        StoredState accepted = FileStateStore.read(state);
        assertEquals(revision, accepted.revision(), "every accepted change is in the log, the refused one is not");
        assertEquals(accepted.records(), store.load().records(), "the store holds what its log holds");
        long size = Files.size(state.resolve(FileStateStore.LOG));
        long kept = revision;
        assertThrows(StorageFullException.class, () -> store.commit(kept, renumbered(acme, kept)));
        assertEquals(size, Files.size(state.resolve(FileStateStore.LOG)), "nothing of a refused change stays");

        Files.delete(filler);
        long after = store.commit(revision, renumbered(acme, revision));
        assertEquals(revision + 1, after, "changes are taken again once there is room");
        store.close();
        opened.clear();
        StoredState reopened = open(1 << 20).load();
        assertEquals(after, reopened.revision());
        assertEquals((int) (revision % 60000) + 100, reopened.records().tenants().get("acme").orElseThrow().id());
        assertEquals(demo.tenants().size(), reopened.records().tenants().size());
    }

    @Test
    void aCompactionWithoutRoomKeepsTheChangeThatTriggeredIt() throws Exception {
        // One small record and a low threshold: compaction is due after a few changes, all made on a full disk.
        FileStateStore store = open(1024);
        Tenant acme = demo().tenant("acme").orElseThrow();
        long revision = store.commit(0, StateChange.builder(ORIGIN).putTenant(acme).build());
        fillDisk();

        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < MAX_CHANGES_IN_SLACK; i++) {
            try {
                revision = store.commit(revision, renumbered(acme, revision));
                accepted.add(revision);
            } catch (StorageFullException e) {
                break;
            }
        }
        assertTrue(accepted.size() > 4, "the log's last page took too few changes to make compaction due: "
                + accepted);
        assertTrue(Files.notExists(state.resolve(FileStateStore.LOG + ".compacting")), "no half-written copy left");
        StoredState read = FileStateStore.read(state);
        assertEquals(revision, read.revision(), "the changes that triggered the failed compactions are kept");
        Files.delete(filler);
        assertEquals(revision + 1, store.commit(revision, renumbered(acme, revision)));
    }

    @Test
    void withTheHistoryOfChangesAChangeWithoutRoomIsRefusedAsFullAndStateAndHistoryAgree() throws Exception {
        FileChangeHistory history = FileChangeHistory.open(state, Retention.DEFAULT, Clock.systemUTC());
        try {
            RecordingStateStore store = new RecordingStateStore(open(1 << 20), history, Clock.systemUTC());
            store.load();
            DesiredState demo = demo();
            Tenant acme = demo.tenant("acme").orElseThrow();
            long revision = store.commit(0, everything(demo));
            fillDisk();

            // Either log may be the one that runs out first: the history's record goes ahead of the commit.
            revision = commitUntilRefused(store, acme, revision);
            assertEquals(revision, FileStateStore.read(state).revision(), "the state log ends at the last change");
            assertEquals(revision, history.changes(0, Long.MAX_VALUE, 1).get(0).revision(),
                         "the history ends at the last change");

            Files.delete(filler);
            long after = store.commit(revision, renumbered(acme, revision));
            assertEquals(revision + 1, after, "changes are taken again once there is room");
            assertEquals(after, history.changes(0, Long.MAX_VALUE, 1).get(0).revision(), "and recorded");
        } finally {
            history.close();
        }
    }
}
