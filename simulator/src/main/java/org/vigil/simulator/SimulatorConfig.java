package org.vigil.simulator;

import org.vigil.server.CommandLine;

import java.nio.file.Path;
import java.time.Instant;

/** Everything {@code ./vigil simulate} is told, in one place ({@code --help} prints it). */
record SimulatorConfig(Path orgFile, long seed, String url, String token, double speed, Instant start,
                       double hours, double omissionRate, int batch, double rate, double durationSeconds,
                       double warmupSeconds, int concurrency, String wsUrl, String wsToken, Path report,
                       long maxEvents) {

    static final String USAGE = """
            usage: vigil simulate [--org FILE] [--seed N] [--url URL] [--token T] [--speed N|max] [--start ISO]
                                  [--hours H] [--omission-rate F] [--batch N]
                   vigil simulate --rate N --duration S [--warmup S] [--concurrency N] [--ws-url URL]
                                  [--ws-token T] [--report FILE] [--max-events N]
              --org            organisation file (default: the bundled demo organisation)
              --seed           random seed: the same seed (and start) gives the same event stream (default 1)
              --url            server (default http://127.0.0.1:8080)
              --token          bearer token with ingest scope (default demo-feed)
              --speed          1 = real time, events stamped with now (default); 60 = 60× faster from --start
                               (default 2 days ago; for a server on --clock event); max = as fast as acknowledged
              --start          simulated start, ISO-8601 instant (default: now, or 2 days ago when --speed > 1)
              --hours          simulated hours to run (default: until Ctrl-C at speed 1, else until now)
              --omission-rate  share of doses recorded as omitted (default 0.05)
              --batch          most events per request (default 500; 100 in load mode)
            load mode (the end-to-end measurement; needs a server on the wall clock):
              --rate           events per second
              --duration       measured seconds (after the warm-up)
              --warmup         seconds before measuring (default 5)
              --concurrency    requests in flight (default 8)
              --ws-url         wall WebSocket to measure alert latency on (ingest → push); '{unit}' is replaced
                               by each ward id (one subscription per ward). Without it: ingest → acknowledgement
              --ws-token       bearer token for the WebSocket (default demo-exec)
              --report         JSON report file (default: none; a one-line summary always goes to stdout)
              --max-events     hard cap on events sent in load mode (default 10000000)""";

    boolean loadMode() {
        return rate > 0;
    }

    static SimulatorConfig parse(String[] args) {
        Path org = null, report = null;
        long seed = 1, maxEvents = 10_000_000;
        String url = "http://127.0.0.1:8080", token = "demo-feed", wsUrl = null, wsToken = "demo-exec";
        double speed = 1, hours = -1, omission = 0.05, rate = 0, duration = 0, warmup = 5;
        Instant start = null;
        int batch = -1, concurrency = 8;
        for (CommandLine.Option o : CommandLine.options(args, USAGE)) {
            String flag = o.flag();
            String v = o.value();
            switch (flag) {
                case "--org": org = Path.of(v); break;
                case "--seed": seed = CommandLine.integer(flag, v, Long.MIN_VALUE, Long.MAX_VALUE); break;
                case "--url": url = loopback(flag, v); break;
                case "--token": token = v; break;
                case "--speed": speed = v.equals("max") ? 0 : CommandLine.decimal(flag, v, 0.001, 1_000_000); break;
                case "--start": start = Instant.parse(v); break;
                case "--hours": hours = CommandLine.decimal(flag, v, 0.001, 24 * 3650); break;
                case "--omission-rate": omission = CommandLine.decimal(flag, v, 0, 1); break;
                case "--batch": batch = CommandLine.integer(flag, v, 1, 10_000); break;
                case "--rate": rate = CommandLine.decimal(flag, v, 1, 1_000_000); break;
                case "--duration": duration = CommandLine.decimal(flag, v, 1, 3600); break;
                case "--warmup": warmup = CommandLine.decimal(flag, v, 0, 600); break;
                case "--concurrency": concurrency = CommandLine.integer(flag, v, 1, 256); break;
                case "--ws-url": wsUrl = loopback(flag, v); break;
                case "--ws-token": wsToken = v; break;
                case "--report": report = Path.of(v); break;
                case "--max-events": maxEvents = CommandLine.integer(flag, v, 1L, 1_000_000_000L); break;
                default: throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (rate > 0 && duration <= 0) {
            throw new IllegalArgumentException("--rate needs --duration\n" + USAGE);
        }
        if (batch < 0) {
            batch = rate > 0 ? 100 : 500;
        }
        return new SimulatorConfig(org, seed, url, token, speed, start, hours, omission, batch, rate, duration,
                warmup, concurrency, wsUrl, wsToken, report, maxEvents);
    }

    /** The simulator only ever talks to this machine (a load run against someone else's server is an attack). */
    private static String loopback(String flag, String v) {
        String host = v.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException(flag + " must be on 127.0.0.1 (loopback only), not " + v);
        }
        return v;
    }
}
