package org.tenantnat.runtime;

import java.util.Optional;

/**
 * Keeps the snapshot in memory, as its JSON text, so a second runtime on the same store sees a restart.
 */
final class MemoryStateStore implements StateStore {

    private final SnapshotCodec codec = new SnapshotCodec();
    String text;
    int saves;

    @Override
    public Optional<Snapshot> load() {
        return Optional.ofNullable(text).map(codec::decode);
    }

    @Override
    public void save(Snapshot snapshot) {
        text = codec.encode(snapshot);
        saves++;
    }
}
