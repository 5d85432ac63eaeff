package org.vigil.simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.clinical.spc.VariationIcon;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.EngineState;
import org.vigil.server.spc.BoardChart;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.spc.BoardUnit;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's three stories (docs/demo.md) as the server's live board series show them: ninety days of history from
 * the simulator's generator, applied in-process to the engine's state as the server applies its journal, then each
 * story ward's chart over the whole days, as the board report and the executive wall read it
 * ({@code GET /api/v1/spc/{unit}[/{metric}]} draws exactly these): the right signal, in the right words, with the
 * right icon on a metric the wall shows — and on the trust's board, the ward's reading among its units'.
 */
class BoardStoriesTest {
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.UK);
    static Organisation org;
    static EngineState state;

    @BeforeAll
    static void replayTheHistory() throws Exception {
        org = OrganisationLoader.demo();
        state = new EngineState(org);
        HistoryStoriesTest.org = org;
        HistoryStoriesTest.history(1, state::apply);
    }

    static BoardChart chart(String unit, BoardMetric metric) {
        return chart(unit, metric, null);
    }

    static BoardChart chart(String unit, BoardMetric metric, Integer baseline) {
        BoardSeries board = state.board();
        BoardUnit u = BoardUnit.resolve(org, unit);
        LocalDate yesterday = HistoryStoriesTest.TODAY.minusDays(1);
        return BoardChart.of(u, board.settings().metric(metric),
                board.daily(u, metric, yesterday.minusDays(HistoryStoriesTest.DAYS - 1L), yesterday), baseline);
    }

    static String day(int offset) {
        return DAY.format(HistoryStoriesTest.TODAY.plusDays(offset));
    }

    static String name(String ward) {
        return org.unit(ward).name();
    }

    @Test
    void theStaffingCrisisIsAShiftBelowTheAverageFillRateAndAboveTheAverageRedFlags() {
        BoardChart c = chart(Stories.STAFFING_CRISIS_WARD, BoardMetric.RN_FILL_RATE_DAY);
        assertEquals(HistoryStoriesTest.DAYS, c.values().values().size());
        int days = Stories.STAFFING_CRISIS_LAST_DAY - Stories.STAFFING_CRISIS_FIRST_DAY + 1;
        assertEquals(List.of("Registered nurse fill rate, day on " + name(Stories.STAFFING_CRISIS_WARD) + ": " + days
                + " days in a row below the average since " + day(Stories.STAFFING_CRISIS_FIRST_DAY) + " — concern"),
                c.readings());
        assertTrue(state.board().settings().wallMetrics().contains(BoardMetric.RN_FILL_RATE_DAY));
        BoardChart flags = chart(Stories.STAFFING_CRISIS_WARD, BoardMetric.STAFFING_RED_FLAGS);
        assertEquals(List.of("Nurse staffing red flags on " + name(Stories.STAFFING_CRISIS_WARD) + ": " + days
                + " days in a row above the average since " + day(Stories.STAFFING_CRISIS_FIRST_DAY) + " — concern"),
                flags.readings());
    }

    @Test
    void theImprovementProgrammeIsAShiftBelowTheAverageOfMissedDoses() {
        String improvement = "Missed critical doses on " + name(Stories.IMPROVEMENT_WARD) + ": "
                + -Stories.IMPROVEMENT_FIRST_DAY + " days in a row below the average since "
                + day(Stories.IMPROVEMENT_FIRST_DAY) + " — improvement";
        BoardChart c = chart(Stories.IMPROVEMENT_WARD, BoardMetric.MISSED_CRITICAL_DOSES, null);
        // over the whole window the programme's month pulls the mean down, so the months before sit above it
        assertEquals(improvement, c.readings().get(c.readings().size() - 1));
        assertEquals(VariationIcon.SPECIAL_CAUSE_IMPROVEMENT_LOW, c.chart().variationIcon());
        // with the limits of the days before the programme as its baseline (as a board would set it), only the
        // programme signals
        BoardChart baseline = chart(Stories.IMPROVEMENT_WARD, BoardMetric.MISSED_CRITICAL_DOSES,
                HistoryStoriesTest.DAYS + Stories.IMPROVEMENT_FIRST_DAY);
        assertEquals(List.of(improvement), baseline.readings());
        assertTrue(state.board().settings().wallMetrics().contains(BoardMetric.MISSED_CRITICAL_DOSES));
    }

    @Test
    void theWinterSurgeIsARisingTrendOfPatientsWithNews2AtLeast5() {
        BoardChart c = chart(Stories.SURGE_WARD, BoardMetric.PATIENTS_NEWS2_AT_LEAST_5);
        String reading = c.readings().get(c.readings().size() - 1);
        // a rising run to yesterday covering the story's days (it may begin a day or more before them)
        Matcher m = Pattern.compile("Patients with NEWS2 ≥ 5 on " + Pattern.quote(name(Stories.SURGE_WARD))
                + ": (\\d+) days in a row rising since (.+) — concern").matcher(reading);
        assertTrue(m.matches(), reading);
        int days = Integer.parseInt(m.group(1));
        assertTrue(days >= -Stories.SURGE_FIRST_DAY, reading);
        assertEquals(day(-days), m.group(2));
        assertEquals(VariationIcon.SPECIAL_CAUSE_CONCERN_HIGH, c.chart().variationIcon());
        assertTrue(state.board().settings().wallMetrics().contains(BoardMetric.PATIENTS_NEWS2_AT_LEAST_5));
    }

    /** The wall's key metrics on every other ward show no signal, so the stories stand out (docs/demo.md). */
    @Test
    void theWallsKeyMetricsSignalOnlyOnTheStoryWards() {
        List<String> signals = new ArrayList<>();
        for (var w : org.wards()) {
            for (BoardMetric m : state.board().settings().wallMetrics()) {
                BoardChart c = chart(w.id(), m);
                boolean story = (w.id().equals(Stories.STAFFING_CRISIS_WARD)
                        && (m == BoardMetric.RN_FILL_RATE_DAY || m == BoardMetric.STAFFING_RED_FLAGS))
                        || (w.id().equals(Stories.IMPROVEMENT_WARD) && m == BoardMetric.MISSED_CRITICAL_DOSES)
                        || (w.id().equals(Stories.SURGE_WARD) && m == BoardMetric.PATIENTS_NEWS2_AT_LEAST_5);
                if (!story && !c.readings().isEmpty()) {
                    signals.add(w.id() + " " + m.id() + ": " + c.readings());
                }
            }
        }
        assertEquals(List.of(), signals);
    }
}
