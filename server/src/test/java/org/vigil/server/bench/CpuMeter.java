package org.vigil.server.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who used the machine's CPU during a measurement, so that a figure taken while something else ran (another
 * build, a browser test) says so. Three parts of the machine's busy time (/proc/stat):
 * <ul>
 *   <li>the benchmark: this JVM, the children it has waited for (JMH forks; /proc/self/stat) and any CPU the
 *       caller adds (the server's child JVM, still running);</li>
 *   <li>other user processes alive at the end (per-process /proc/[pid]/stat deltas, kernel threads excluded);</li>
 *   <li>the rest: kernel work (writeback of the journal's dirty pages, loopback softirq — partly on our behalf)
 *       and processes that came and went meanwhile.</li>
 * </ul>
 * Linux only; elsewhere the figures are absent. Ticks are USER_HZ (100 a second on every Linux this runs on).
 */
public final class CpuMeter {
    private static final double HZ = 100.0;
    private static final long PF_KTHREAD = 0x00200000L;

    private final long wallNanos = System.nanoTime();
    private final long[] machine = machine();
    private final long own = own();
    private final Map<Long, Long> others = otherProcesses();

    /** Starts measuring now. */
    public CpuMeter() {
    }

    /** Cores' worth of CPU over the interval; {@code extraOwnCpuSeconds} is benchmark CPU not in this process's tree. */
    public JsonObject since(double extraOwnCpuSeconds) {
        double seconds = (System.nanoTime() - wallNanos) / 1e9;
        long[] now = machine();
        if (machine == null || now == null) {
            return new JsonObject();
        }
        double busy = (now[0] - machine[0]) / HZ / seconds;
        double ours = ((own() - own) / HZ + extraOwnCpuSeconds) / seconds;
        long otherTicks = 0;
        for (Map.Entry<Long, Long> e : otherProcesses().entrySet()) {
            otherTicks += e.getValue() - others.getOrDefault(e.getKey(), 0L);
        }
        double otherCores = otherTicks / HZ / seconds;
        return new JsonObject()
                .put("machineBusyCores", busy)
                .put("benchmarkCores", ours)
                .put("otherProcessesCores", otherCores)
                .put("kernelAndShortLivedCores", Math.max(0, busy - ours - otherCores))
                .put("loadAverage1m", loadAverage());
    }

    /** {busy ticks, all ticks} summed over CPUs, or null off Linux. */
    private static long[] machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]), steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[]{busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU seconds (user + system) a live process has used so far, or 0 when it cannot be read (gone, not Linux). */
    public static double cpuSeconds(long pid) {
        String[] f = stat(Path.of("/proc", Long.toString(pid), "stat"));
        return f == null ? 0 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / HZ;
    }

    /** utime + stime + cutime + cstime of this process, in ticks. */
    private static long own() {
        String[] f = stat(Path.of("/proc/self/stat"));
        return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** utime + stime of every user process that is not this one or its descendant, by pid. */
    private static Map<Long, Long> otherProcesses() {
        Set<Long> ours = new HashSet<>();
        ours.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(h -> ours.add(h.pid()));
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                String[] f = ours.contains(pid) ? null : stat(p.resolve("stat"));
                if (f != null && (Long.parseLong(f[6]) & PF_KTHREAD) == 0) {
                    ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return ticks;
        }
        return ticks;
    }

    /** The fields of a /proc stat file after the command name: index 0 is "state", 6 "flags", 11 "utime". */
    private static String[] stat(Path file) {
        try {
            String stat = Files.readString(file);
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
