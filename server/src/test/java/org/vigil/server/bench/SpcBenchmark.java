package org.vigil.server.bench;

import io.vertx.core.json.JsonObject;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Unit;
import org.vigil.server.rules.EngineState;
import org.vigil.server.spc.BoardChart;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.spc.BoardUnit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code ./vigil bench spc}: the board's series for a 100-ward system (4 places, 10 trusts of 10 wards), a year and
 * a month of daily staffing reports and reliability ratings fed through the engine's state as the journal would be,
 * then every unit's and roll-up's SPC chart of every metric computed as the API draws it, over 90 and over 365 days.
 * Reports the time to compute them all (best of several rounds, after warm-up) and the memory the series hold. A
 * measurement, not a test: nothing is asserted; figures go to {@code server/target/spc-bench-results.json}.
 */
public final class SpcBenchmark {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final int WARDS = 100;
    private static final int DAYS = 400;

    private SpcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Organisation org = organisation();
        EngineState state = new EngineState(org);
        LocalDate today = LocalDate.of(2026, 11, 30);
        long fed = feed(state, org, today);
        BoardSeries board = state.board();
        List<BoardUnit> targets = new ArrayList<>();
        for (Unit u : org.units()) {
            targets.add(BoardUnit.resolve(org, u.id()));
        }
        org.trustNames().keySet().stream().sorted().forEach(t -> targets.add(BoardUnit.resolve(org, "trust:" + t)));
        org.placeNames().keySet().stream().sorted().forEach(p -> targets.add(BoardUnit.resolve(org, "place:" + p)));
        targets.add(BoardUnit.resolve(org, "system"));
        JsonObject results = new JsonObject().put("wards", WARDS).put("units", targets.size())
                .put("metrics", BoardMetric.values().length).put("eventsFed", fed)
                .put("seriesArrayBytes", board.arrayBytes()).put("at", Instant.now().toString());
        System.out.printf("spc: %d wards, %d units and roll-ups, %d events fed; series arrays %.1f MiB (%d days kept)%n",
                WARDS, targets.size(), fed, board.arrayBytes() / 1048576.0, board.settings().retentionDays());
        for (int window : new int[] {90, 365}) {
            LocalDate to = today.minusDays(1);
            LocalDate from = to.minusDays(window - 1L);
            long best = Long.MAX_VALUE;
            int charts = 0;
            long points = 0;
            for (int round = 0; round < 8; round++) { // the first rounds warm the JIT; the best of the rest is kept
                long t0 = System.nanoTime();
                charts = 0;
                points = 0;
                for (BoardUnit u : targets) {
                    for (BoardMetric m : u.metrics()) {
                        BoardChart c = BoardChart.of(u, board.settings().metric(m), board.daily(u, m, from, to), null);
                        charts++;
                        points += c.values().values().size();
                    }
                }
                long ns = System.nanoTime() - t0;
                if (round >= 3) {
                    best = Math.min(best, ns);
                }
            }
            System.out.printf("spc: %d days: %d charts (%d points) in %.1f ms, %.1f µs a chart%n", window, charts, points,
                    best / 1e6, best / 1e3 / charts);
            results.put("window" + window, new JsonObject().put("charts", charts).put("points", points)
                    .put("bestMillis", best / 1e6).put("microsPerChart", best / 1e3 / charts));
        }
        Path dir = Files.isDirectory(Path.of("server", "target")) ? Path.of("server", "target") : Path.of("target");
        Path out = dir.resolve("spc-bench-results.json").toAbsolutePath();
        Files.writeString(out, results.encodePrettily());
        System.out.println("spc: raw figures in " + out);
    }

    /** A system of 100 wards: 4 places, 10 trusts of 10 wards. */
    static Organisation organisation() throws Exception {
        StringBuilder y = new StringBuilder("system: { id: BEN, name: Bench system, zone: Europe/London }\nplaces:\n");
        int ward = 0;
        for (int p = 0; p < 4; p++) {
            y.append("  - id: P").append(p).append("\n    name: Place ").append(p).append("\n    trusts:\n");
            for (int t = 0; t < (p < 2 ? 3 : 2); t++) {
                String trust = "T" + p + t;
                y.append("      - id: ").append(trust).append("\n        name: Trust ").append(trust)
                        .append("\n        wards:\n");
                for (int w = 0; w < 10; w++, ward++) {
                    y.append("          - { id: W").append(ward).append(", name: Ward ").append(ward)
                            .append(", beds: 28, shifts: { day: \"07:30\", night: \"19:30\" } }\n");
                }
            }
        }
        return OrganisationLoader.load(new ByteArrayInputStream(y.toString().getBytes(StandardCharsets.UTF_8)),
                "bench organisation");
    }

    /** Every day of the retention: each ward's day and night staffing reports and a few reliability ratings. */
    private static long feed(EngineState state, Organisation org, LocalDate today) {
        SplittableRandom random = new SplittableRandom(13);
        long n = 0;
        for (LocalDate d = today.minusDays(DAYS - 1L); !d.isAfter(today); d = d.plusDays(1)) {
            long morning = d.atTime(8, 0).atZone(LONDON).toInstant().toEpochMilli();
            long evening = d.atTime(20, 0).atZone(LONDON).toInstant().toEpochMilli();
            for (Unit u : org.units()) {
                state.apply(new Event("s" + n++, EventType.STAFFING, morning, u.id(), new Payload.Staffing(d.toString(),
                        Shift.DAY, 5, 3 + random.nextInt(3), 4, 3 + random.nextInt(2))));
                for (int r = 0; r < 3; r++) {
                    state.apply(new Event("p" + n++, EventType.PULSE, morning + r, u.id(),
                            new Payload.Pulse(1 + random.nextInt(5))));
                }
            }
            for (Unit u : org.units()) {
                state.apply(new Event("s" + n++, EventType.STAFFING, evening, u.id(), new Payload.Staffing(d.toString(),
                        Shift.NIGHT, 3, 2 + random.nextInt(2), 3, 2 + random.nextInt(2))));
            }
        }
        return n;
    }
}
