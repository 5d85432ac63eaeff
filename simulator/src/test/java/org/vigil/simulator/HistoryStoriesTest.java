package org.vigil.simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.clinical.spc.SpcPoint;
import org.vigil.clinical.spc.SpcSettings;
import org.vigil.clinical.spc.SpecialCause;
import org.vigil.clinical.spc.SpecialCauseRule;
import org.vigil.clinical.spc.VariationIcon;
import org.vigil.clinical.spc.XmrChart;
import org.vigil.events.Event;
import org.vigil.events.EventJson;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Ward;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ninety days of history for the demo organisation, generated in-process as {@code ./vigil simulate --history-days 90}
 * does, and the daily series of docs/demo.md computed from the events by their plain definitions ({@link DailySeries})
 * and charted with the project's SPC calculator: each scripted story shows as its signal, and nothing else does.
 */
class HistoryStoriesTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** "Now" for the history: a winter weekday morning (the 90 days span the October clock change). */
    static final Instant NOW = Instant.parse("2026-11-30T10:40:00Z");
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, LONDON);
    static final int DAYS = 90;

    static Organisation org;
    static DailySeries series;

    @BeforeAll
    static void generate() throws Exception {
        org = OrganisationLoader.demo();
        series = new DailySeries(org);
        history(1, series::add);
    }

    /** The simulation {@code ./vigil simulate --history-days 90} seeds, up to {@link #NOW}. */
    static void history(long seed, java.util.function.Consumer<Event> sink) {
        long start = TODAY.minusDays(DAYS + 1L).atStartOfDay(LONDON).toInstant().toEpochMilli();
        Simulation sim = new Simulation(org, new Simulation.Options(seed, start, 0.05, TODAY));
        List<Event> day = new ArrayList<>();
        for (long t = start; t < NOW.toEpochMilli(); t = Math.min(t + Simulation.DAY, NOW.toEpochMilli())) {
            sim.advanceTo(Math.min(t + Simulation.DAY, NOW.toEpochMilli()), day);
            day.forEach(sink);
            day.clear();
        }
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndAnotherSeedAnother() throws Exception {
        String first = digest(1), again = digest(1), other = digest(2);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    private static String digest(long seed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] n = {0};
        history(seed, e -> {
            sha.update(EventJson.write(e).getBytes(StandardCharsets.UTF_8));
            n[0]++;
        });
        assertTrue(n[0] > 400_000, "90 days of events: " + n[0]);
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void theStaffingCrisisIsAShiftDownInFillRateAndUpInRedFlags() {
        XmrChart fill = chart(Stories.STAFFING_CRISIS_WARD, series::fillRateDay, ImprovementDirection.UP);
        XmrChart flags = chart(Stories.STAFFING_CRISIS_WARD, series::redFlags, ImprovementDirection.DOWN);
        for (int day = Stories.STAFFING_CRISIS_FIRST_DAY; day <= Stories.STAFFING_CRISIS_LAST_DAY; day++) {
            SpcPoint f = point(fill, day), r = point(flags, day);
            assertTrue(f.rules().contains(SpecialCauseRule.SHIFT) && f.value() < f.mean(), "fill rate, day " + day + ": " + f);
            assertEquals(SpecialCause.CONCERN, f.specialCause(), "fill rate, day " + day);
            assertTrue(r.rules().contains(SpecialCauseRule.SHIFT) && r.value() > r.mean(), "red flags, day " + day + ": " + r);
            assertEquals(SpecialCause.CONCERN, r.specialCause(), "red flags, day " + day);
            // NICE SG1 red flags 5 and 6 on every day of it: 2 registered nurses of 4 by day, 1 or 2 at night
            assertTrue(r.value() >= 2, "red flags, day " + day + ": " + r.value());
        }
        // it starts and ends on the days the story says
        for (int day : new int[] {Stories.STAFFING_CRISIS_FIRST_DAY - 1, Stories.STAFFING_CRISIS_LAST_DAY + 1}) {
            assertNull(point(fill, day).specialCause(), "fill rate, day " + day);
            assertNull(point(flags, day).specialCause(), "red flags, day " + day);
        }
    }

    @Test
    void theImprovementProgrammeIsARunBelowTheMean() {
        XmrChart missed = chart(Stories.IMPROVEMENT_WARD, series::missedCriticalDoses, ImprovementDirection.DOWN);
        for (int day = Stories.IMPROVEMENT_FIRST_DAY; day <= -1; day++) {
            SpcPoint p = point(missed, day);
            assertTrue(p.rules().contains(SpecialCauseRule.SHIFT) && p.value() < p.mean(), "day " + day + ": " + p);
            assertEquals(SpecialCause.IMPROVEMENT, p.specialCause(), "day " + day);
        }
        assertEquals(VariationIcon.SPECIAL_CAUSE_IMPROVEMENT_LOW, missed.variationIcon());
        // Judged against the limits of the days before the programme, those days are common cause.
        XmrChart baseline = chart(Stories.IMPROVEMENT_WARD, series::missedCriticalDoses,
                SpcSettings.mdc(ImprovementDirection.DOWN).withBaseline(DAYS + Stories.IMPROVEMENT_FIRST_DAY));
        for (int day = -DAYS; day < Stories.IMPROVEMENT_FIRST_DAY; day++) {
            assertNull(point(baseline, day).specialCause(), "before the programme, day " + day);
        }
        for (int day = Stories.IMPROVEMENT_FIRST_DAY; day <= -1; day++) {
            assertEquals(SpecialCause.IMPROVEMENT, point(baseline, day).specialCause(), "against the baseline, day " + day);
        }
    }

    @Test
    void theWinterSurgeIsATrendOfPatientsWithNews2AtLeast5() {
        XmrChart news2 = chart(Stories.SURGE_WARD, series::patientsWithNews2AtLeast5, ImprovementDirection.DOWN);
        for (int day = Stories.SURGE_FIRST_DAY; day <= -1; day++) {
            SpcPoint p = point(news2, day);
            assertTrue(p.value() > point(news2, day - 1).value() || day == Stories.SURGE_FIRST_DAY, "strictly rising, day " + day);
            assertTrue(p.rules().contains(SpecialCauseRule.TREND), "day " + day + ": " + p);
            assertEquals(SpecialCause.CONCERN, p.specialCause(), "day " + day);
        }
        assertEquals(VariationIcon.SPECIAL_CAUSE_CONCERN_HIGH, news2.variationIcon());
        // Today is not over, but by mid-morning it has already seen more than yesterday.
        int yesterday = series.patientsWithNews2AtLeast5(Stories.SURGE_WARD, TODAY.minusDays(1));
        assertTrue(series.patientsWithNews2AtLeast5(Stories.SURGE_WARD, TODAY) > yesterday, "today so far vs " + yesterday);
    }

    /** Every other ward, and every other measure of the story wards, stays in common cause: no rule fires anywhere. */
    @Test
    void nothingElseSignals() {
        List<String> signals = new ArrayList<>();
        for (Ward w : org.wards()) {
            check(signals, w.id(), "fill rate", series::fillRateDay, ImprovementDirection.UP,
                    w.id().equals(Stories.STAFFING_CRISIS_WARD));
            check(signals, w.id(), "red flags", series::redFlags, ImprovementDirection.DOWN,
                    w.id().equals(Stories.STAFFING_CRISIS_WARD));
            check(signals, w.id(), "missed critical doses", series::missedCriticalDoses, ImprovementDirection.DOWN,
                    w.id().equals(Stories.IMPROVEMENT_WARD));
            check(signals, w.id(), "NEWS2 >= 5", series::patientsWithNews2AtLeast5, ImprovementDirection.DOWN,
                    w.id().equals(Stories.SURGE_WARD));
        }
        assertEquals(List.of(), signals);
    }

    private static void check(List<String> signals, String ward, String measure,
                              BiFunction<String, LocalDate, Number> metric, ImprovementDirection direction, boolean story) {
        if (story) {
            return;
        }
        XmrChart c = chart(ward, metric, direction);
        for (int i = 0; i < c.points().size(); i++) {
            SpcPoint p = c.points().get(i);
            if (p.specialCause() != null) {
                signals.add(ward + " " + measure + " day " + (i - DAYS) + ": " + p.rules());
            }
        }
    }

    private static XmrChart chart(String ward, BiFunction<String, LocalDate, Number> metric, ImprovementDirection direction) {
        return chart(ward, metric, SpcSettings.mdc(direction));
    }

    /** The ward's daily values for days -90 … -1 (the complete days before today). */
    private static XmrChart chart(String ward, BiFunction<String, LocalDate, Number> metric, SpcSettings settings) {
        double[] values = new double[DAYS];
        for (int i = 0; i < DAYS; i++) {
            values[i] = metric.apply(ward, TODAY.minusDays(DAYS - i)).doubleValue();
            assertTrue(Double.isFinite(values[i]), ward + " has a value on day " + (i - DAYS));
        }
        return XmrChart.of(values, settings);
    }

    private static SpcPoint point(XmrChart chart, int day) {
        return chart.points().get(DAYS + day);
    }
}
