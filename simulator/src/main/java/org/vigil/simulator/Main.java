package org.vigil.simulator;

import io.vertx.core.Vertx;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.OrganisationLoader;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** {@code ./vigil simulate}: reads the organisation, builds the simulation, and feeds (or loads) the server. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorConfig config;
        try {
            config = SimulatorConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(e.getMessage().startsWith("usage:") ? 0 : 2);
            return;
        }
        Organisation org = config.orgFile() == null ? OrganisationLoader.demo() : OrganisationLoader.load(config.orgFile());
        Vertx vertx = Vertx.vertx();
        int status = 0;
        try {
            if (config.loadMode()) {
                status = new LoadRun(org, config, vertx).run();
            } else {
                status = feed(org, config, vertx);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        if (status != 0) {
            System.exit(status); // (never on Ctrl-C with a clean run: exit would wait for the shutdown hook)
        }
    }

    private static int feed(Organisation org, SimulatorConfig config, Vertx vertx) throws InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean realTime = config.speed() == 1;
        Instant start = config.start() != null ? config.start() : realTime ? now : now.minus(2, ChronoUnit.DAYS);
        long end = config.hours() > 0 ? start.toEpochMilli() + (long) (config.hours() * 3_600_000L)
                : realTime ? Long.MAX_VALUE : now.toEpochMilli();
        Simulation sim = new Simulation(org, new Simulation.Options(config.seed(), start.toEpochMilli(), config.omissionRate()));
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
        long sent = run.run();
        System.out.printf("simulated %s → %s: %d events sent, %d accepted, %d rejected (4xx), %d failed (5xx/io)%n",
                start, Instant.ofEpochMilli(sim.now()), sent, client.eventsAccepted.get(), client.clientErrors.get(),
                client.serverErrors.get());
        return client.clientErrors.get() > 0 ? 1 : 0;
    }
}
