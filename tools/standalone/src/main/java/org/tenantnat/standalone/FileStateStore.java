package org.tenantnat.standalone;

import org.tenantnat.runtime.SnapshotCodec;
import org.tenantnat.runtime.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps the desired state and its allocation in one file of a local directory. Writes go to a temporary file that
 * is synced and then renamed over the old one, so a crash (kill -9 included) leaves either the old or the new
 * state, never a torn one.
 */
public final class FileStateStore implements StateStore {

    static final String FILE = "state.json";

    private final Path file;
    private final Path temp;
    private final SnapshotCodec codec = new SnapshotCodec();

    /**
     * Creates a store in a directory, creating the directory if needed.
     *
     * @param directory state directory
     */
    public FileStateStore(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + directory, e);
        }
        this.file = directory.resolve(FILE);
        this.temp = directory.resolve(FILE + ".tmp");
    }

    @Override
    public Optional<Snapshot> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void save(Snapshot snapshot) {
        byte[] bytes = codec.encode(snapshot).getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(bytes));
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temp, e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }
}
