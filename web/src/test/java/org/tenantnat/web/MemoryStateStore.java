package org.tenantnat.web;

import org.tenantnat.runtime.StateStore;

import java.util.Optional;

/**
 * Keeps the desired state and allocation in memory and counts the saves, so a test can tell that a rejected
 * request stored nothing.
 */
public final class MemoryStateStore implements StateStore {

    private Snapshot snapshot;
    private int saves;

    @Override
    public synchronized Optional<Snapshot> load() {
        return Optional.ofNullable(snapshot);
    }

    @Override
    public synchronized void save(Snapshot next) {
        snapshot = next;
        saves++;
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
