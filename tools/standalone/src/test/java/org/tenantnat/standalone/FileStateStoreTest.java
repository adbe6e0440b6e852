package org.tenantnat.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.runtime.StateStore.Snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileStateStoreTest {

    @TempDir
    Path dir;

    private static Snapshot demoSnapshot() throws IOException {
        String json = Files.readString(Path.of("../examples/demo.json"), StandardCharsets.UTF_8);
        DesiredState state = DesiredStateReader.parseAndValidate(json);
        return new Snapshot(state, new StaticAllocator().allocate(state, Allocation.EMPTY));
    }

    @Test
    void aFreshDirectoryHoldsNoState() {
        assertTrue(new FileStateStore(dir.resolve("new")).load().isEmpty());
        assertTrue(Files.isDirectory(dir.resolve("new")));
    }

    @Test
    void savedStateLoadsBackIdenticalInANewStore() throws IOException {
        Snapshot saved = demoSnapshot();
        new FileStateStore(dir).save(saved);
        Snapshot loaded = new FileStateStore(dir).load().orElseThrow();
        assertEquals(saved.desiredState(), loaded.desiredState());
        assertEquals(saved.allocation(), loaded.allocation());
        assertFalse(Files.exists(dir.resolve(FileStateStore.FILE + ".tmp")), "no temporary file is left");
    }

    @Test
    void aTornTemporaryFileFromACrashDoesNotReplaceTheState() throws IOException {
        Snapshot saved = demoSnapshot();
        FileStateStore store = new FileStateStore(dir);
        store.save(saved);
        // A kill -9 during the next write leaves a partial temporary file; the state itself is untouched.
        Files.writeString(dir.resolve(FileStateStore.FILE + ".tmp"), "{\"desiredState\": {\"pool\": [\"100.6");
        assertEquals(saved.allocation(), new FileStateStore(dir).load().orElseThrow().allocation());
    }

    @Test
    void aLaterSaveReplacesTheWholeState() throws IOException {
        FileStateStore store = new FileStateStore(dir);
        Snapshot first = demoSnapshot();
        store.save(first);
        DesiredState without = first.desiredState().withoutTenant("umbrella");
        Allocation smaller = new Allocation(first.allocation().byTenant().entrySet().stream()
                .filter(e -> !e.getKey().equals("umbrella"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        store.save(new Snapshot(without, smaller));
        Snapshot loaded = store.load().orElseThrow();
        assertEquals(without, loaded.desiredState());
        assertEquals(List.of(), loaded.allocation().blocks("umbrella"));
        TranslatedBlock acme = loaded.allocation().blocks("acme").get(0);
        assertEquals(Ip4Prefix.valueOf("10.1.1.0/24"), acme.original());
    }
}
