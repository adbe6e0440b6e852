package org.tenantnat.runtime;

import java.util.Optional;

/**
 * Keeps the snapshot in memory as its stored JSON text, so a second runtime on the same store sees what a restart
 * sees; counts the saves, so a test can tell that a rejected change stored nothing.
 */
public final class MemoryStateStore implements StateStore {

    private final SnapshotCodec codec = new SnapshotCodec();
    private String text;
    private int saves;

    @Override
    public synchronized Optional<Snapshot> load() {
        return Optional.ofNullable(text).map(codec::decode);
    }

    @Override
    public synchronized void save(Snapshot snapshot) {
        text = codec.encode(snapshot);
        saves++;
    }

    /**
     * Returns the stored text.
     *
     * @return JSON text, null before the first save
     */
    public synchronized String text() {
        return text;
    }

    /**
     * Returns how many snapshots were saved.
     *
     * @return saves
     */
    public synchronized int saves() {
        return saves;
    }
}
