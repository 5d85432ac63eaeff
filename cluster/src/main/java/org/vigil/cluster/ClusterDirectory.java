package org.vigil.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory one {@code ./vigil cluster} keeps its brokers and nodes in: taken with a lock beside it (held
 * until this JVM exits), so a second cluster on the same directory refuses instead of deleting the first's data;
 * emptied at the start unless asked to keep it — and only when it is a cluster's directory or empty, never a
 * directory that was given by mistake.
 */
final class ClusterDirectory {
    /** The lock's channel, held for the life of the JVM (an unreachable channel may be closed, and its lock freed). */
    private static FileChannel held;

    private ClusterDirectory() {
    }

    /** Takes {@code dir} for this JVM; empties it first unless {@code keep}. Throws, saying why, if it cannot. */
    static synchronized Path take(Path dir, boolean keep) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IOException("another ./vigil cluster is using " + abs + " (its lock " + lockFile
                    + " is held); stop it first, or give this one another --dir");
        }
        held = channel; // open until this JVM exits: that is what holds the directory
        if (!keep && Files.isDirectory(abs)) {
            if (!isClusterDirectory(abs)) {
                throw new IOException(abs + " is neither empty nor a cluster's directory (no cluster.id):"
                        + " not deleting it; give another --dir");
            }
            deleteContents(abs);
        }
        Files.createDirectories(abs);
        return abs;
    }

    private static boolean isClusterDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return Files.exists(dir.resolve("cluster.id")) || entries.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                Files.delete(p);
            }
        }
    }
}
