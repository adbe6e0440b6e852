package org.tenantnat.standalone.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.Ip4Address;
import org.onosproject.core.DefaultApplicationId;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.history.Retention;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.TenantNatRuntime;
import org.tenantnat.standalone.FileStateStore;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;
import org.tenantnat.web.Documents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change is recorded exactly when it is committed: the record of an acknowledged change is on disk, a commit that
 * fails leaves no record, and a record written by a host killed before its commit is gone at the next start.
 */
class RecordingStateStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final Origin ALICE = Origin.rest("alice");

    @TempDir
    Path dir;

    private FileStateStore files;
    private FileChangeHistory history;
    private FailingStore failing;
    private TenantNatRuntime runtime;

    /** The state directory's store, made to fail its next commit when told. */
    private static final class FailingStore implements StateStore {
        private final StateStore store;
        private Supplier<? extends Throwable> next;

        FailingStore(StateStore store) {
            this.store = store;
        }

        @Override
        public StoredState load() {
            return store.load();
        }

        @Override
        public long commit(long base, StateChange change) {
            if (next != null) {
                Throwable t = next.get();
                next = null;
                if (t instanceof Error) {
                    throw (Error) t;
                }
                throw (RuntimeException) t;
            }
            return store.commit(base, change);
        }

        @Override
        public void setDelegate(StateStoreDelegate delegate) {
            store.setDelegate(delegate);
        }

        @Override
        public void unsetDelegate(StateStoreDelegate delegate) {
            store.unsetDelegate(delegate);
        }

        @Override
        public boolean hasDelegate() {
            return store.hasDelegate();
        }
    }

    /** The JVM dying between two statements, as under kill -9: nothing after it runs. */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeEach
    void start() {
        startHost();
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(Documents.CONFIG));
    }

    private void startHost() {
        files = new FileStateStore(dir);
        history = FileChangeHistory.open(dir, Retention.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
        failing = new FailingStore(files);
        runtime = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                       new FakeSouthbound(), new RecordingStateStore(failing, history,
                                                                                     Clock.fixed(NOW, ZoneOffset.UTC)));
        runtime.start();
    }

    @AfterEach
    void stop() {
        stopHost();
    }

    private void stopHost() {
        runtime.stop();
        history.close();
        files.close();
    }

    private List<ChangeRecord> changes() {
        return history.changes(0, Long.MAX_VALUE, 100);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(dir.resolve(FileChangeHistory.FILE), StandardCharsets.UTF_8);
    }

    private Tenant initech() {
        return LocalCodecContext.withTenantNatCodecs().decode(JsonDocument.parseObject(Documents.newTenant()),
                                                              Tenant.class);
    }

    @Test
    void aCommittedChangeIsRecordedAsTheRevisionItWasCommittedAsBeforeTheVerbReturns() throws IOException {
        runtime.grantAccess(ALICE, "acme", new Access("portal", Ip4Address.valueOf("10.250.0.20")));

        ChangeRecord last = changes().get(0);
        assertEquals(new ChangeRecord(runtime.revision(), NOW, ALICE, List.of("access acme/portal granted")), last);
        assertEquals(2, lines().size(), "on disk");
        assertEquals(runtime.revision(), FileStateStore.read(dir).revision());
    }

    @Test
    void aCommitThatFailsLeavesNoRecord() throws IOException {
        failing.next = () -> new StateStoreException("disk full", null);

        assertThrows(StateStoreException.class, () -> runtime.addTenant(ALICE, initech()));

        assertEquals(1, changes().size());
        assertEquals(1, lines().size());
        runtime.addTenant(ALICE, initech());
        assertEquals(List.of("tenant initech added"), changes().get(0).summary());
        assertEquals(runtime.revision(), changes().get(0).revision());
    }

    @Test
    void aRecordWrittenByAHostKilledBeforeItsCommitIsGoneAtTheNextStart() throws IOException {
        failing.next = Killed::new;
        assertThrows(Killed.class, () -> runtime.addTenant(ALICE, initech()));
        assertEquals(2, lines().size(), "written ahead of the commit");
        stopHost();

        startHost();

        assertEquals(1, changes().size());
        assertEquals(1, lines().size());
        assertFalse(runtime.desiredState().tenant("initech").isPresent());
        runtime.addTenant(ALICE, initech());
        assertEquals(List.of("tenant initech added"), changes().get(0).summary());
    }

    @Test
    void aRestartKeepsTheRecordsAndGoesOnFromThem() {
        runtime.removeTenant(ALICE, "globex");
        List<ChangeRecord> before = changes();
        stopHost();

        startHost();
        assertEquals(before, changes());
        runtime.removeService(new Origin(Origin.Channel.CLI, "karaf"), "portal");
        assertEquals(List.of("service portal removed"), changes().get(0).summary());
        assertEquals(3, changes().size());
    }

    @Test
    void aDeclaredLinkIsRecordedAndStillKnownAfterARestart() {
        String withLink = Documents.CONFIG.substring(0, Documents.CONFIG.length() - 1) + ", \"links\": [{\"src\": "
                + "\"of:0000000000000001/20\", \"dst\": \"of:0000000000000002/20\"}]}";
        String link = "link of:0000000000000001/20-of:0000000000000002/20";
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(withLink));
        assertEquals(List.of(link + " added"), changes().get(0).summary());
        stopHost();

        startHost();
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(withLink));
        assertEquals(2, changes().size(), "the same link again changes nothing");
        runtime.replaceState(ALICE, DesiredStateReader.parseAndValidate(Documents.CONFIG));
        assertEquals(List.of(link + " removed"), changes().get(0).summary());
    }

    @Test
    void aChangeThatChangesNothingIsNotRecorded() {
        long revision = runtime.revision();
        runtime.replaceTenant(ALICE, runtime.desiredState().tenant("acme").orElseThrow());

        assertTrue(runtime.revision() >= revision);
        assertEquals(1, changes().size());
    }
}
