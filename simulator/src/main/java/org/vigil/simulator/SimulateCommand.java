package org.vigil.simulator;

import io.vertx.core.Vertx;
import org.vigil.organisation.cli.Cli;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./vigil simulate}: every option, typed, with its default ({@code --help} prints them); {@link #config()}
 * checks values and builds the {@link SimulatorConfig}.
 */
@Command(name = "vigil simulate", sortOptions = false, separator = " ",
        description = {"Feeds a server with a realistic organisation's events (feed mode), or loads it at a fixed rate and measures (load mode: --rate and --duration)."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--org", paramLabel = "FILE", description = "organisation file (default: the bundled demo organisation)")
    Path org;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed: the same seed (and start) gives the same event stream (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080", description = "server, on loopback (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", paramLabel = "T", defaultValue = "demo-feed", description = "bearer token with ingest scope (default ${DEFAULT-VALUE})")
    String token;

    @Option(names = "--speed", paramLabel = "N|max", defaultValue = "1",
            description = "1 = real time, events stamped with now (default); 60 = 60x faster from --start (default 2 days ago; for a server on --clock event); max = as fast as acknowledged")
    String speed;

    @Option(names = "--start", paramLabel = "ISO", description = "simulated start, ISO-8601 instant (default: now, or 2 days ago when --speed > 1)")
    Instant start;

    @Option(names = "--hours", paramLabel = "H", description = "simulated hours to run (default: until Ctrl-C at speed 1, else until now); after --history-days, hours past now")
    Double hours;

    @Option(names = "--history-days", paramLabel = "N", defaultValue = "0",
            description = {"first seed N days of history up to now, as fast as the server acknowledges (a progress bar on a terminal), "
                    + "with the scripted stories of docs/demo.md, then go on at --speed with the same patients (default ${DEFAULT-VALUE}: none). "
                    + "The server must run on --clock event: on the wall clock its first deadline would move its clock to the present."})
    int historyDays;

    @Option(names = "--omission-rate", paramLabel = "F", defaultValue = "0.05", description = "share of doses recorded as omitted (default ${DEFAULT-VALUE})")
    double omissionRate;

    @Option(names = "--batch", paramLabel = "N", description = "most events per request (default 500; 100 in load mode)")
    Integer batch;

    @Option(names = "--rate", paramLabel = "N", description = "load mode: events per second (needs a server on the wall clock)")
    Double rate;

    @Option(names = "--duration", paramLabel = "S", description = "load mode: measured seconds (after the warm-up)")
    Double duration;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "5", description = "load mode: seconds before measuring (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "load mode: requests in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--ws-url", paramLabel = "URL",
            description = "load mode: wall WebSocket to measure alert latency on (ingest -> push); '{unit}' is replaced by each ward id. Without it: ingest -> acknowledgement")
    String wsUrl;

    @Option(names = "--ws-token", paramLabel = "T", defaultValue = "demo-exec", description = "bearer token for the WebSocket (default ${DEFAULT-VALUE})")
    String wsToken;

    @Option(names = "--report", paramLabel = "FILE", description = "load mode: JSON report file (default: none; a one-line summary always goes to stdout)")
    Path report;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "10000000", description = "load mode: hard cap on events sent (default ${DEFAULT-VALUE})")
    long maxEvents;

    /** The checked configuration; a bad value is a usage error naming its option. */
    SimulatorConfig config() {
        double speedValue = speed.equals("max") ? 0 : Cli.within(spec, "--speed", number("--speed", speed), 0.001, 1_000_000);
        double rateValue = rate == null ? 0 : Cli.within(spec, "--rate", rate, 1, 1_000_000);
        double durationValue = duration == null ? 0 : Cli.within(spec, "--duration", duration, 1, 3600);
        if (rateValue > 0 && durationValue <= 0) {
            throw Cli.refuse(spec, "--rate needs --duration");
        }
        int history = Cli.within(spec, "--history-days", historyDays, 0, 400);
        if (history > 0 && start != null) {
            throw Cli.refuse(spec, "--history-days ends the history now: it cannot be combined with --start");
        }
        if (history > 0 && rateValue > 0) {
            throw Cli.refuse(spec, "--history-days is for the feed, not for load mode (--rate)");
        }
        int batchValue = batch == null ? (rateValue > 0 ? 100 : 500) : Cli.within(spec, "--batch", batch, 1, 10_000);
        return new SimulatorConfig(org, seed, loopback("--url", url), token, speedValue, start,
                hours == null ? -1 : Cli.within(spec, "--hours", hours, 0.001, 24 * 3650),
                Cli.within(spec, "--omission-rate", omissionRate, 0, 1), batchValue, rateValue, durationValue,
                Cli.within(spec, "--warmup", warmup, 0, 600), Cli.within(spec, "--concurrency", concurrency, 1, 256),
                wsUrl == null ? null : loopback("--ws-url", wsUrl), wsToken, report,
                Cli.within(spec, "--max-events", maxEvents, 1L, 1_000_000_000L), history);
    }

    static SimulatorConfig parse(String... args) {
        return Cli.parse(new SimulateCommand(), args).config();
    }

    private double number(String option, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw Cli.refuse(spec, option + " must be a number or max, not " + v);
        }
    }

    /** The simulator only ever talks to this machine (a load run against someone else's server is an attack). */
    private String loopback(String option, String v) {
        String host = v.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw Cli.refuse(spec, option + " must be on 127.0.0.1 (loopback only), not " + v);
        }
        return v;
    }

    @Override
    public Integer call() throws Exception {
        SimulatorConfig config = config();
        Organisation organisation = config.orgFile() == null ? OrganisationLoader.demo() : OrganisationLoader.load(config.orgFile());
        Vertx vertx = Vertx.vertx();
        try {
            return config.loadMode() ? new LoadRun(organisation, config, vertx).run() : feed(organisation, config, vertx);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static int feed(Organisation org, SimulatorConfig config, Vertx vertx) throws InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean realTime = config.speed() == 1;
        boolean history = config.historyDays() > 0;
        LocalDate today = LocalDate.ofInstant(now, org.zone());
        // The history starts at local midnight, a day before its first full day: that day takes the starting
        // census's back-dated admissions, so the N days before today are whole, ordinary days.
        Instant start = history ? today.minusDays(config.historyDays() + 1L).atStartOfDay(org.zone()).toInstant()
                : config.start() != null ? config.start() : realTime ? now : now.minus(2, ChronoUnit.DAYS);
        Instant liveFrom = history ? now : start;
        long end = config.hours() > 0 ? liveFrom.toEpochMilli() + (long) (config.hours() * 3_600_000L)
                : realTime ? Long.MAX_VALUE : now.toEpochMilli();
        Simulation sim = new Simulation(org, new Simulation.Options(config.seed(), start.toEpochMilli(),
                config.omissionRate(), history ? today : null));
        FeedClient client = new FeedClient(vertx, config.url(), config.token(), 2);
        FeedRun run = new FeedRun(sim, client, config.speed(), end, config.batch());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.stop();
            try {
                main.join(3_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }));
        System.err.printf("simulate: %d units from %s, seed %d, speed %s, to %s%n", org.units().size(), start,
                config.seed(), config.speed() == 0 ? "max" : config.speed(), end == Long.MAX_VALUE ? "Ctrl-C" : Instant.ofEpochMilli(end));
        long sent = 0;
        if (history) {
            long t0 = System.nanoTime();
            FeedRun.Seeding seeding = run.seed(now.toEpochMilli(), new SeedingProgress(System.err,
                    SeedingProgress.stderrIsTerminal(), start.toEpochMilli(), now.toEpochMilli()));
            sent = seeding.sent();
            if (!seeding.whole()) {
                // never "history seeded" (./vigil demo waits for those words) for a history with a gap in it
                System.err.printf("simulate: history not seeded: %d of %d events sent were stored; not going live%n",
                        client.eventsAccepted.get(), sent);
                return summary(start, sim, sent, client);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.err.printf(Locale.ROOT, "simulate: history seeded: %d days to %s, %d events in %.1f s (%.0f events/s); going live%n",
                    config.historyDays(), now, sent, seconds, sent / Math.max(seconds, 1e-3));
        }
        // After a history a real-time feed anchors at the simulation's own time: it catches up with the seconds the
        // history took, then stamps events with now.
        sent += history && realTime ? run.run(sim.now()) : run.run();
        return summary(start, sim, sent, client);
    }

    /** The run's last line, and its exit code: 1 when any event was not stored (refused, or failed after retries). */
    private static int summary(Instant start, Simulation sim, long sent, FeedClient client) {
        System.out.printf("simulated %s → %s: %d events sent, %d accepted, %d rejected (4xx), %d failed (5xx/io)%n",
                start, Instant.ofEpochMilli(sim.now()), sent, client.eventsAccepted.get(), client.clientErrors.get(),
                client.serverErrors.get());
        return client.clientErrors.get() > 0 || client.serverErrors.get() > 0 ? 1 : 0;
    }
}
