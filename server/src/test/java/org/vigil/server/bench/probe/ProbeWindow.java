package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonObject;
import org.vigil.server.bench.CpuMeter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The probe's measured window as seen from the parent: when the probe prints {@code window-start} and
 * {@code window-end}, the server's timers are scraped and the CPU used by each child (the server's by thread)
 * and by the rest of the machine is read, so every figure of a run covers the same seconds. Called on the probe's output thread.
 */
final class ProbeWindow {
    private static final String START = "probe: window-start ";
    private static final String END = "probe: window-end ";

    private final int serverPort;
    private final List<ChildJvm> children = new ArrayList<>();
    private double[] cpuAtStart;
    private Map<String, Double> serverThreadsAtStart = Map.of();
    private CpuMeter machine;
    private ServerTimers.Scrape timersAtStart;
    private long startEpochMs;
    private long endEpochMs;
    private JsonObject figures;

    ProbeWindow(int serverPort) {
        this.serverPort = serverPort;
    }

    /** Children whose CPU is counted (null ignored). */
    synchronized void measure(ChildJvm... more) {
        for (ChildJvm c : more) {
            if (c != null) {
                children.add(c);
            }
        }
    }

    synchronized void onProbeLine(String line) {
        if (line.startsWith(START)) {
            startEpochMs = Long.parseLong(line.substring(START.length()).trim());
            machine = new CpuMeter();
            cpuAtStart = cpu();
            serverThreadsAtStart = serverThreads();
            timersAtStart = scrape();
        } else if (line.startsWith(END) && machine != null) {
            endEpochMs = Long.parseLong(line.substring(END.length()).trim());
            double seconds = (endEpochMs - startEpochMs) / 1000.0;
            ServerTimers.Scrape timersAtEnd = scrape();
            double[] now = cpu();
            Map<String, Double> threadsNow = serverThreads();
            JsonObject cores = new JsonObject();
            double ours = 0;
            for (int i = 0; i < children.size(); i++) {
                double used = now[i] - (i < cpuAtStart.length ? cpuAtStart[i] : 0);
                ours += used;
                cores.put(children.get(i).name(), Math.round(used / seconds * 1000) / 1000.0);
            }
            JsonObject threads = new JsonObject();
            threadsNow.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), (e.getValue() - serverThreadsAtStart.getOrDefault(e.getKey(), 0.0)) / seconds))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> threads.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0));
            figures = new JsonObject().put("seconds", seconds).put("cpuCores", cores).put("serverCpuCoresByThread", threads)
                    .put("machine", machine.since(ours))
                    .put("serverTimers", timersAtStart == null || timersAtEnd == null ? null
                            : ServerTimers.window(timersAtStart, timersAtEnd, seconds));
        }
    }

    private double[] cpu() {
        double[] out = new double[children.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = children.get(i).cpuSeconds();
        }
        return out;
    }

    private Map<String, Double> serverThreads() {
        for (ChildJvm c : children) {
            if (c.name().equals("server")) {
                return ThreadCpu.byKind(c.pid());
            }
        }
        return Map.of();
    }

    private ServerTimers.Scrape scrape() {
        try {
            return ServerTimers.scrape(serverPort);
        } catch (Exception e) {
            System.err.println("probe: cannot read the server's /metrics: " + e);
            return null;
        }
    }

    synchronized boolean complete() {
        return figures != null;
    }

    synchronized long startEpochMs() {
        return startEpochMs;
    }

    synchronized long endEpochMs() {
        return endEpochMs;
    }

    synchronized JsonObject figures() {
        return figures;
    }
}
