package org.vigil.clinical.spc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every point of the MDC team's XmR conformance data ({@code Test Data.csv} of "SPC Charts – XmR Testing": 35 series,
 * 765 points, each with the colour the MDC Single Chart Tool v5.0 shows) through {@link XmrChart}, with the settings
 * the spec gives each series and the data's two known flaws read as the reference says (see
 * {@code mdc-test-data.NOTICE.md}).
 */
class MdcConformanceTest {
    static final String FILE = "mdc-test-data.csv";
    /** Flaw 2: one row of "… High is good 2" is labelled without its space. */
    static final String MISLABELLED = "Summary icons - variation - High is good2";
    static final String HIGH_IS_GOOD_2 = "Summary icons - variation - High is good 2";
    /** Flaw 1: p15 (27) of this series is blue in the file; the spec's text (trend p8–p14) and every rule make it grey. */
    static final String CONFLICT_HIGH = "Special cause conflict - High is good";
    static final int CONFLICT_FLAW_POINT = 14;
    /** The spec's recalculated charts split their 30 points 15 + 15. */
    static final int SECOND_HALF = 15;

    record Series(String name, List<Double> values, List<String> colours) {
        double[] data() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Map<String, Series> series() {
        Map<String, Series> all = new LinkedHashMap<>();
        String text;
        try (InputStream in = MdcConformanceTest.class.getResourceAsStream(FILE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String[] lines = text.replace("\uFEFF", "").split("\r?\n");
        assertEquals("Metric,Date,Value,Colour", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            assertEquals(4, f.length, lines[i]);
            String name = f[0].equals(MISLABELLED) ? HIGH_IS_GOOD_2 : f[0];
            Series s = all.computeIfAbsent(name, n -> new Series(n, new ArrayList<>(), new ArrayList<>()));
            s.values().add(Double.parseDouble(f[2]));
            s.colours().add(f[3]);
        }
        return all;
    }

    static Stream<Series> everySeries() {
        return series().values().stream();
    }

    /** The settings "SPC Charts – XmR Testing" gives the series (the CSV has no settings column). */
    static SpcSettings settingsOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        ImprovementDirection direction = lower.contains("low is good") ? ImprovementDirection.DOWN
                : lower.contains("neither") ? ImprovementDirection.NEITHER : ImprovementDirection.UP;
        SpcSettings settings = SpcSettings.mdc(direction);
        if (name.equals("Baselines - Recalculated")) {
            return settings.withBaseline(SECOND_HALF);
        }
        if (name.equals("Recalculations - Recalculated") || name.startsWith("Special cause crossing recalculations")) {
            return settings.withRecalculationsAt(SECOND_HALF);
        }
        return settings;
    }

    static String colourOf(SpecialCause cause) {
        if (cause == null) {
            return "grey";
        }
        return switch (cause) {
            case IMPROVEMENT -> "blue";
            case CONCERN -> "orange";
            case NEITHER -> "purple";
        };
    }

    static String expectedColour(Series s, int point) {
        if (s.name().equals(CONFLICT_HIGH) && point == CONFLICT_FLAW_POINT) {
            return "grey";
        }
        return s.colours().get(point);
    }

    @Test
    void theFileHoldsThirtyFiveSeriesOfSevenHundredAndSixtyFivePoints() {
        Map<String, Series> all = series();
        assertEquals(35, all.size(), all.keySet()::toString);
        assertEquals(765, all.values().stream().mapToInt(s -> s.values().size()).sum());
        assertEquals(18, all.get(HIGH_IS_GOOD_2).values().size(), "the mislabelled row joins its series");
        assertEquals(32.0, all.get(HIGH_IS_GOOD_2).values().get(13));
    }

    @Test
    void theKnownFlawIsStillInTheFileAndTheRulesSayGrey() {
        Series conflict = series().get(CONFLICT_HIGH);
        assertEquals(27.0, conflict.values().get(CONFLICT_FLAW_POINT));
        assertEquals("blue", conflict.colours().get(CONFLICT_FLAW_POINT), "the file's flaw (if fixed, drop the override)");
        SpcPoint p15 = XmrChart.of(conflict.data(), settingsOf(CONFLICT_HIGH)).points().get(CONFLICT_FLAW_POINT);
        assertEquals(null, p15.specialCause(), p15::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySeries")
    void everyPointHasTheColourTheMdcToolShows(Series s) {
        XmrChart chart = XmrChart.of(s.data(), settingsOf(s.name()));
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < s.values().size(); i++) {
            SpcPoint p = chart.points().get(i);
            String got = colourOf(p.specialCause());
            if (!got.equals(expectedColour(s, i))) {
                wrong.add("p" + (i + 1) + " " + s.values().get(i) + ": expected " + expectedColour(s, i) + ", was "
                        + got + " " + p.rules());
            }
        }
        assertTrue(wrong.isEmpty(), () -> s.name() + " (mean " + chart.mean() + ", " + chart.limits() + "): " + wrong);
    }
}
