package org.tenantnat.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileStateStoreTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final int COMPACT_AT = 64 << 10;

    @TempDir
    Path dir;

    private final List<FileStateStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(FileStateStore::close);
    }

    private FileStateStore open() {
        FileStateStore store = new FileStateStore(dir);
        opened.add(store);
        return store;
    }

    private static DesiredState demo() throws IOException {
        return DesiredStateReader.parseAndValidate(Files.readString(Path.of("../examples/demo.json"),
                                                                    StandardCharsets.UTF_8));
    }

    private static StateChange everything(DesiredState state) {
        StateChange.Builder change = StateChange.builder(ORIGIN).settings(ProviderSettings.of(state));
        state.services().forEach(change::putService);
        state.tenants().forEach(change::putTenant);
        change.putBlocks("acme", List.of(new TranslatedBlock("acme", Ip4Prefix.valueOf("10.1.1.0/24"),
                                                             Ip4Prefix.valueOf("100.64.0.0/24"))));
        return change.build();
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(dir.resolve(FileStateStore.LOG), StandardCharsets.UTF_8);
    }

    @Test
    void aFreshDirectoryHoldsNoState() {
        StoredState loaded = open().load();
        assertEquals(0, loaded.revision());
        assertTrue(loaded.isEmpty());
    }

    @Test
    void committedRecordsLoadBackIdenticalAfterARestart() throws IOException {
        FileStateStore store = open();
        StateChange change = everything(demo());
        assertEquals(1, store.commit(0, change));
        store.close();
        opened.clear();

        StoredState loaded = open().load();
        assertEquals(1, loaded.revision());
        assertEquals(change.tenants(), loaded.records().tenants());
        assertEquals(change.services(), loaded.records().services());
        assertEquals(change.blocks(), loaded.records().blocks());
        assertEquals(change.settings(), loaded.records().settings());
    }

    @Test
    void aChangeAppendsOnlyTheRecordsItTouches() throws IOException {
        FileStateStore store = open();
        DesiredState demo = demo();
        store.commit(0, everything(demo));
        Tenant acme = demo.tenant("acme").orElseThrow();
        store.commit(1, StateChange.builder(ORIGIN).putTenant(acme.toBuilder().id(99).build()).build());

        List<String> lines = lines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("\"tenant/acme\""), lines.get(1));
        assertFalse(lines.get(1).contains("globex"), "no other tenant is written again: " + lines.get(1));
        assertEquals(99, FileStateStore.read(dir).records().tenants().get("acme").orElseThrow().id());
    }

    @Test
    void aTornLastLineFromAKillIsDroppedAndTheLogStaysUsable() throws IOException {
        FileStateStore store = open();
        store.commit(0, everything(demo()));
        store.close();
        opened.clear();
        // A kill -9 in the middle of the next append leaves part of a line, without its newline.
        Files.writeString(dir.resolve(FileStateStore.LOG), "{\"origin\":{\"channel\":\"REST\",\"user\":\"x\"},\"rec",
                          StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        FileStateStore reopened = open();
        assertEquals(1, reopened.load().revision());
        assertEquals(2, reopened.commit(1, StateChange.builder(ORIGIN).removeTenant("globex").build()));
        assertEquals(2, lines().size(), "the torn part is gone and the new change is whole");
        assertTrue(FileStateStore.read(dir).records().tenants().containsKey("acme"));
        assertFalse(FileStateStore.read(dir).records().tenants().containsKey("globex"));
    }

    @Test
    void aDamagedLineInTheMiddleIsRefusedRatherThanSkipped() throws IOException {
        FileStateStore store = open();
        store.commit(0, everything(demo()));
        store.close();
        opened.clear();
        Files.writeString(dir.resolve(FileStateStore.LOG), "not json\n{}\n", StandardCharsets.UTF_8,
                          StandardOpenOption.APPEND);

        StateStoreException e = assertThrows(StateStoreException.class, () -> open().load());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aSecondHostCannotOpenADirectoryInUse() {
        open();
        StateStoreException e = assertThrows(StateStoreException.class, () -> new FileStateStore(dir));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void aChangeComputedOnAnOldRevisionIsRefused() throws IOException {
        FileStateStore store = open();
        store.commit(0, everything(demo()));
        assertThrows(ConcurrentChangeException.class,
                     () -> store.commit(0, StateChange.builder(ORIGIN).removeTenant("acme").build()));
        assertEquals(1, lines().size());
    }

    @Test
    void aLogMuchLargerThanItsRecordsIsCompactedToTheSameRecords() throws IOException {
        FileStateStore store = new FileStateStore(dir, COMPACT_AT);
        opened.add(store);
        DesiredState demo = demo();
        store.commit(0, everything(demo));
        Tenant acme = demo.tenant("acme").orElseThrow();
        long revision = 1;
        // Rewrite one tenant well past the compaction threshold (and 4x the records the log holds).
        int commits = 3 * COMPACT_AT / 300;
        for (int i = 0; i < commits; i++) {
            revision = store.commit(revision, StateChange.builder(ORIGIN)
                    .putTenant(acme.toBuilder().id((int) (revision % 60000) + 100).build()).build());
        }

        assertTrue(lines().size() < commits / 2, "compacted: " + lines().size() + " lines");
        StoredState loaded = FileStateStore.read(dir);
        assertEquals(revision, loaded.revision());
        assertEquals((int) ((revision - 1) % 60000) + 100, loaded.records().tenants().get("acme").orElseThrow().id());
        assertEquals(demo.tenants().size(), loaded.records().tenants().size());
    }
}
