package org.vigil.server.flags;

import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.server.kernel.DailyCounter;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference ward dashboard's "How reliable are your current processes?" (reference/ward-dashboard.md): ward
 * staff rate 1–5 and the wall shows today's count per rating. Each rating counts on its own event-time local day,
 * so the distribution starts afresh at the ward's local midnight (DST-correct) and a late rating from yesterday
 * never lands in today's. Engine thread only.
 */
public final class ReliabilityPulse implements Feature, SnapshotSlice {
    private static final int RATINGS = 5;

    private final RuleContext ctx;
    private final Map<String, DailyCounter[]> byUnit = new HashMap<>();

    private final BoardSeries board;

    public ReliabilityPulse(RuleContext ctx, BoardSeries board) {
        this.ctx = ctx;
        this.board = board;
    }

    @Override
    public void apply(Event e) {
        int rating = ((Payload.Pulse) e.payload()).rating(); // 1–5, checked by the parser
        LocalDate day = ctx.day(e.unit(), e.time());
        byUnit.computeIfAbsent(e.unit(), u -> counters())[rating - 1].increment(day);
        board.add(e.unit(), BoardMetric.RELIABILITY_PULSE, day, rating, 1); // the day's mean: ratings ÷ how many
    }

    private static DailyCounter[] counters() {
        DailyCounter[] c = new DailyCounter[RATINGS];
        for (int i = 0; i < RATINGS; i++) {
            c[i] = new DailyCounter();
        }
        return c;
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Each unit's counts today, rating 1 to 5. */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, DailyCounter[]> sorted = new TreeMap<>(byUnit);
        out.writeCount(sorted.size());
        for (Map.Entry<String, DailyCounter[]> u : sorted.entrySet()) {
            out.writeString(u.getKey());
            for (DailyCounter c : u.getValue()) {
                c.write(out);
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            DailyCounter[] c = counters();
            byUnit.put(in.readString(), c);
            for (DailyCounter counter : c) {
                counter.read(in);
            }
        }
    }

    /** Today's count per rating 1–5 on the unit's local {@code today}. */
    @Override
    public ReliabilitySummary summary(String unit, LocalDate today) {
        DailyCounter[] c = byUnit.get(unit);
        List<Integer> ratings = new ArrayList<>(RATINGS);
        for (int i = 0; i < RATINGS; i++) {
            ratings.add(c == null ? 0 : c[i].on(today));
        }
        return new ReliabilitySummary(ratings);
    }
}
