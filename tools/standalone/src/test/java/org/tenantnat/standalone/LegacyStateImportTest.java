package org.tenantnat.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state directory written by the single-file version keeps its tenants, translated blocks and learned MACs.
 */
class LegacyStateImportTest {

    private static final String EARLIER = "{\"desiredState\": " + "%s"
            + ", \"translatedBlocks\": [{\"tenant\": \"acme\", \"original\": \"10.1.1.0/24\","
            + " \"translated\": \"100.64.9.0/24\"}],"
            + " \"learnedMacs\": [{\"ip\": \"10.1.1.20\", \"connectPoint\": \"of:0000000000000001/1\", \"vlan\": 100,"
            + " \"mac\": \"02:00:00:00:0A:01\"}]}";

    @TempDir
    Path dir;

    private void writeEarlierState() throws IOException {
        String demo = Files.readString(Path.of("../examples/demo.json"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(LegacyStateImport.FILE), String.format(EARLIER, demo), StandardCharsets.UTF_8);
    }

    @Test
    void anEarlierVersionsStateIsImportedWithItsBlocksAndMacs() throws IOException {
        writeEarlierState();

        StateChange earlier = LegacyStateImport.read(dir).orElseThrow();
        FileStateStore store = new FileStateStore(dir);
        store.commit(0, earlier);
        LegacyStateImport.done(dir);
        store.close();

        StoredState stored = FileStateStore.read(dir);
        assertTrue(stored.desiredState().tenant("acme").isPresent());
        assertEquals("100.64.9.0/24", stored.allocation().blocks("acme").get(0).translated().toString(),
                     "acme keeps the block the earlier version gave it");
        assertEquals(1, stored.records().neighbours().size(), "the learned MAC is kept");
        assertFalse(Files.exists(dir.resolve(LegacyStateImport.FILE)));
        assertTrue(Files.exists(dir.resolve(LegacyStateImport.FILE + ".imported")));
    }

    @Test
    void aDirectoryWithoutTheEarlierFileHasNothingToImport() {
        assertTrue(LegacyStateImport.read(dir).isEmpty());
    }

    @Test
    void anUnreadableEarlierFileIsRefusedNamingIt() throws IOException {
        Files.writeString(dir.resolve(LegacyStateImport.FILE), "{\"desiredState\": {\"pool\": 7}}");
        StateStoreException e = assertThrows(StateStoreException.class, () -> LegacyStateImport.read(dir));
        assertTrue(e.getMessage().contains(LegacyStateImport.FILE), e.getMessage());
    }
}
