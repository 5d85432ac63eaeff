package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the figures came from: cores, CPU model, JDK, memory. */
public final class Machine {
    private Machine() {
    }

    public static JsonObject describe() {
        String cpu = "unknown";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux: the model stays unknown
        }
        return new JsonObject()
                .put("nproc", Runtime.getRuntime().availableProcessors())
                .put("cpu", cpu)
                .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    }
}
