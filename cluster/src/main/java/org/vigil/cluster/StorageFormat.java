package org.vigil.cluster;

import kafka.tools.StorageTool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Formats the brokers' KRaft storage before their first start ({@code kafka-storage format}, through Kafka's own
 * {@code kafka.tools.StorageTool}). It runs in one child JVM for all brokers: the tool logs its whole
 * configuration, which belongs in a log file, not in the output of the launcher or test that asked. A directory
 * formatted before is left as it is, so a cluster restarted on the same directory keeps its data.
 */
public final class StorageFormat {
    private static final long WITHIN_SECONDS = 90;

    private StorageFormat() {
    }

    /** Formats each broker's storage for this cluster id (every config's log.dirs), bounded; log in {@code log}. */
    static void run(String clusterId, List<Path> configs, Path log) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(clusterId);
        configs.forEach(c -> args.add(c.toString()));
        Process format = ChildJava.start(List.of("-Xmx128m", "-XX:+UseSerialGC"), StorageFormat.class.getName(),
                args, log);
        if (!format.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS)) {
            format.destroyForcibly();
            throw new IOException("formatting the broker storage took over " + WITHIN_SECONDS + " s; the end of "
                    + log + ":\n" + ChildJava.tail(log, 30));
        }
        if (format.exitValue() != 0) {
            throw new IOException("formatting the broker storage failed (exit " + format.exitValue()
                    + "); the end of " + log + ":\n" + ChildJava.tail(log, 30));
        }
    }

    /** {@code StorageFormat CLUSTER-ID CONFIG...}: the child JVM's work; exits non-zero at the first failure. */
    public static void main(String[] args) {
        for (int i = 1; i < args.length; i++) {
            int code = StorageTool.execute(new String[] {"format", "--cluster-id", args[0], "--config", args[i],
                    "--ignore-formatted"}, System.out);
            if (code != 0) {
                System.exit(code);
            }
        }
        System.exit(0); // the tool leaves non-daemon threads behind
    }
}
