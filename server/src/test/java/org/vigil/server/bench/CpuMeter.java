package org.vigil.server.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who used the machine's CPU during a measurement: the whole machine (/proc/stat), this JVM and the children it has
 * waited for (JMH forks; /proc/self/stat), so that whatever else ran meanwhile (another build, a test suite) shows
 * up as "other" next to the figure it disturbed. Linux only; elsewhere the figures are absent. Ticks are USER_HZ
 * (100 a second on every Linux this runs on).
 */
final class CpuMeter {
    private static final double HZ = 100.0;

    private final long wallNanos = System.nanoTime();
    private final long[] machine = machine();
    private final long own = own();

    /** Cores' worth of CPU over the interval: machine busy, ours (this JVM + waited-for children), everything else. */
    JsonObject since(double extraOwnCpuSeconds) {
        double seconds = (System.nanoTime() - wallNanos) / 1e9;
        long[] now = machine();
        if (machine == null || now == null) {
            return new JsonObject();
        }
        double busy = (now[0] - machine[0]) / HZ / seconds;
        double ours = ((own() - own) / HZ + extraOwnCpuSeconds) / seconds;
        return new JsonObject()
                .put("machineBusyCores", busy)
                .put("benchmarkCores", ours)
                .put("otherProcessesCores", Math.max(0, busy - ours))
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

    /** utime + stime + cutime + cstime of this process, in ticks. */
    private static long own() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields from "state" (3rd in proc(5)); utime is the 14th, so index 11 here
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
