package org.vigil.server.journal;

import org.vigil.organisation.cli.FileProblem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data directory. Two servers on one journal would each replay it and append their own history
 * into it, and a launcher that cleans the directory under a live server would take its journal away. The server
 * holds an OS lock on {@code DIR/server.lock} for its whole life (the OS releases it when the process ends, even
 * by SIGKILL), and writes its PID into the file so that {@code ./vigil demo} and an operator can see who holds it.
 * The file is emptied, never deleted, on a clean stop: deleting a lock file lets a second process lock a new file
 * while a first still holds the old one.
 */
public final class DataDirectoryLock implements AutoCloseable {
    public static final String FILE = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory, creating it if needed, or refuses at once (never waits).
     *
     * @throws IOException naming the directory and why it cannot be used (not a directory, permission denied, …)
     * @throws IllegalStateException when another server (in this process or another) holds it, naming its PID
     */
    public static DataDirectoryLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new NotDirectoryException(dir.toString()); // how createDirectories says dir is a file
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException(FileProblem.describe("--data", dir, e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw new IllegalStateException("another Vigil server" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + " is using the data directory " + dir.toAbsolutePath()
                    + ": stop it first, or give this server its own --data directory");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new DataDirectoryLock(channel, lock);
    }

    /** Empties the PID (no live holder) and releases the lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
