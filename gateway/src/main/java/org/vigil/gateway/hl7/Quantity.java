package org.vigil.gateway.hl7;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * The kinds of number in a NEWS2 set, each with the unit Vigil scores in (UCUM spelling, as senders put it in
 * OBX-6) and the units it converts from. A unit not listed here (or mapped to one by the sender's code map) is
 * refused rather than guessed: a temperature in °F read as °C, or a pressure in kPa read as mmHg, would be
 * scored as dangerously low.
 */
public enum Quantity {
    RATE("/min", Map.of("/min", x -> x, "{breaths}/min", x -> x, "{beats}/min", x -> x, "bpm", x -> x,
            "breaths/min", x -> x, "beats/min", x -> x)),
    PERCENT("%", Map.of("%", x -> x)),
    /**
     * Blood pressure: mmHg, or kPa where a device reports it (European and anaesthetic monitors). UCUM defines
     * m[Hg] as 133.3220 kPa, so 1 kPa = 1 / 0.1333220 mm[Hg].
     */
    PRESSURE("mm[Hg]", Map.of("mm[Hg]", x -> x, "mmHg", x -> x, "kPa", x -> x / 0.1333220)),
    /** Temperature: Celsius, or Fahrenheit converted exactly, °C = (°F − 32) × 5 / 9. */
    TEMPERATURE("Cel", Map.of("Cel", x -> x, "°C", x -> x, "degC", x -> x, "C", x -> x,
            "[degF]", Quantity::fahrenheitToCelsius, "degF", Quantity::fahrenheitToCelsius,
            "°F", Quantity::fahrenheitToCelsius, "F", Quantity::fahrenheitToCelsius)),
    /** Oxygen flow: litres a minute; some devices report mL/min. */
    FLOW("L/min", Map.of("L/min", x -> x, "mL/min", x -> x / 1000)),
    /** Inspired oxygen: %, or the UCUM fraction "1" (0.21–1.0) some ventilators send. */
    OXYGEN_FRACTION("%", Map.of("%", x -> x, "1", x -> x * 100, "{ratio}", x -> x * 100));

    private final String canonical;
    private final Map<String, DoubleUnaryOperator> toCanonical;

    Quantity(String canonical, Map<String, DoubleUnaryOperator> units) {
        this.canonical = canonical;
        Map<String, DoubleUnaryOperator> folded = new LinkedHashMap<>();
        units.forEach((unit, f) -> folded.put(fold(unit), f));
        this.toCanonical = Map.copyOf(folded);
    }

    public String canonical() {
        return canonical;
    }

    /** The converter from {@code unit} (spelling compared without case) to the canonical unit, or null if unknown. */
    public DoubleUnaryOperator from(String unit) {
        return toCanonical.get(fold(unit));
    }

    /** Every spelling this kind converts from, for error messages and the code-maps loader's checks. */
    public Set<String> spellings() {
        return toCanonical.keySet();
    }

    static String fold(String unit) {
        return unit.trim().toLowerCase(Locale.ROOT);
    }

    private static double fahrenheitToCelsius(double f) {
        return (f - 32) * 5 / 9;
    }
}
