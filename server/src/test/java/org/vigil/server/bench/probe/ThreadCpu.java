package org.vigil.server.bench.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds used so far by each kind of thread of a live process, from {@code /proc/PID/task/TID/stat}: the
 * engine thread, the Vert.x event loops, the garbage collector's and the JIT compiler's threads. Thread names
 * (at most 15 characters in /proc) lose their trailing numbers, so the event loops or the GC workers add up to one
 * line each. Linux only; elsewhere empty.
 */
final class ThreadCpu {
    private static final double HZ = 100.0;

    private ThreadCpu() {
    }

    /** A thread's kind: its name without the trailing number, so event loops or GC workers 0…n count as one. */
    static String kind(String threadName) {
        return threadName.replaceAll("[#\\-]?\\d+$", "").trim();
    }

    static Map<String, Double> byKind(long pid) {
        Map<String, Double> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String kind = kind(stat.substring(open + 1, close));
                String[] f = stat.substring(close + 2).trim().split("\\s+");
                out.merge(kind, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / HZ, Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }
}
