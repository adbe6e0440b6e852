package org.tenantnat.standalone;

import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StorageFullException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a write to the state directory that failed for want of room (a full disk, ENOSPC, or quota, EDQUOT) from
 * other storage failures, so the client is told to free space (507) rather than that the host is broken (503).
 */
public final class FullDisk {

    private FullDisk() {
    }

    /**
     * Describes a failed write of a change to the state directory.
     *
     * @param directory state directory
     * @param file      file written
     * @param needed    bytes the write needed
     * @param e         the error
     * @return {@link StorageFullException} when the disk is full, else {@link StateStoreException}
     */
    public static StateStoreException refusal(Path directory, Path file, long needed, IOException e) {
        if (isFull(directory, needed, e)) {
            return new StorageFullException("no space left on the disk of state directory " + directory + " ("
                                                    + e.getMessage() + "): the change was not kept", e);
        }
        return new StateStoreException("cannot write " + file + ": " + e.getMessage(), e);
    }

    // Told by the error's text, or by the room left where that text is in another language.
    private static boolean isFull(Path directory, long needed, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("quota")) {
            return true;
        }
        try {
            return Files.getFileStore(directory).getUsableSpace() < needed;
        } catch (IOException unknown) {
            return false;
        }
    }
}
