package org.vigil.server.safety;

import org.vigil.server.DocReferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hazard log (docs/safety/hazard-log.md) read as the DCB0129 structure it promises, and every way it can stop
 * being true: a field missing, a rating that does not follow the matrix, a hazard with no control verified by a
 * test (and no reason why), a control that names neither its tests nor the document that carries it, an index or a
 * safety-case summary that disagrees with the hazards. Whether the named tests exist is {@link DocReferences}'s job.
 */
final class HazardLog {
    /** The fields every hazard has (DCB0129's hazard log structure). */
    static final List<String> FIELDS = List.of("Description", "Potential clinical impact", "Possible causes",
            "Initial risk", "Residual risk", "Status", "Owner");
    /** A hazard with no control verified by a test says why in this field. */
    static final String WHY_NO_TEST = "Why no test";
    static final Set<String> STATUSES = Set.of("Open", "Controlled", "Transferred");
    static final Set<String> KINDS = Set.of("design", "test", "training", "documentation/configuration");
    static final String PROCEDURAL = "procedural: ";
    static final String UNTESTED = "not verified by a test: ";

    /** DCB0129 severity, least to most severe (the matrix's columns). */
    enum Severity { MINOR, SIGNIFICANT, CONSIDERABLE, MAJOR, CATASTROPHIC }

    /** DCB0129 likelihood, least to most likely (the matrix's rows, bottom up). */
    enum Likelihood { VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH }

    /**
     * The DCB0129 clinical risk matrix, [likelihood][severity] → rating 1–5, as the implementation guidance gives it
     * (and NHS England reproduces it with its UK Core hazard log).
     */
    static final int[][] MATRIX = {
            {1, 1, 2, 2, 3}, // very low
            {1, 2, 2, 3, 4}, // low
            {2, 2, 3, 3, 4}, // medium
            {2, 3, 3, 4, 5}, // high
            {3, 4, 4, 5, 5}, // very high
    };

    /** The matrix's rating for a severity and a likelihood. */
    static int risk(Severity severity, Likelihood likelihood) {
        return MATRIX[likelihood.ordinal()][severity.ordinal()];
    }

    private static final Pattern HAZARD = Pattern.compile("(?m)^## (HAZ-\\d{2}) (.+)$");
    private static final Pattern FIELD = Pattern.compile("^\\| \\*\\*([^*]+)\\*\\* \\| (.*) \\|$");
    private static final Pattern RATING = Pattern.compile(
            "(Catastrophic|Major|Considerable|Significant|Minor) × (Very high|High|Medium|Low|Very low) = (\\d)");
    private static final Pattern HAZARD_ID = Pattern.compile("HAZ-\\d{2}");

    /** One control row: its number, what it is, its kind and what verifies it. */
    record Control(String number, String text, String kind, String verifiedBy) {
        boolean hasTest() {
            return DocReferences.CLASS_METHOD.matcher(verifiedBy).find();
        }
    }

    /** One hazard section. */
    record Hazard(String id, String name, Map<String, String> fields, List<Control> controls, boolean residualStatement) {
        String field(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    /** A rating as written: severity × likelihood = rating. */
    record Rating(Severity severity, Likelihood likelihood, int rating) {
        static Rating parse(String text) {
            Matcher m = RATING.matcher(text);
            if (!m.matches()) {
                return null;
            }
            return new Rating(Severity.valueOf(constant(m.group(1))), Likelihood.valueOf(constant(m.group(2))),
                    Integer.parseInt(m.group(3)));
        }

        int fromMatrix() {
            return risk(severity, likelihood);
        }

        private static String constant(String words) {
            return words.toUpperCase(Locale.ROOT).replace(' ', '_');
        }
    }

    private final String text;
    private final List<Hazard> hazards;

    private HazardLog(String text) {
        this.text = text;
        this.hazards = hazards(text);
    }

    static HazardLog read(Path markdown) {
        return new HazardLog(readString(markdown));
    }

    List<Hazard> hazards() {
        return hazards;
    }

    /** Everything in the log that breaks its own rules, one line each, naming the hazard and control. */
    List<String> problems() {
        List<String> out = new ArrayList<>(matrixProblems());
        Set<String> ids = new LinkedHashSet<>();
        for (Hazard h : hazards) {
            if (!ids.add(h.id())) {
                out.add(h.id() + ": used twice");
            }
            out.addAll(hazardProblems(h));
        }
        out.addAll(indexProblems());
        out.addAll(openItemProblems());
        return out;
    }

    /** Where the safety case's hazard summary disagrees with the log: every hazard once, its residual risk and status. */
    List<String> summaryProblems(Path safetyCase) {
        List<String> out = new ArrayList<>();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (List<String> cells : tableRows(readString(safetyCase))) {
            if (HAZARD_ID.matcher(cells.get(0)).matches()) {
                if (rows.put(cells.get(0), cells) != null) {
                    out.add("safety case: " + cells.get(0) + " is in its summary twice");
                }
            }
        }
        for (Hazard h : hazards) {
            List<String> row = rows.remove(h.id());
            if (row == null) {
                out.add("safety case: " + h.id() + " is not in its summary");
            } else if (!row.contains(h.field("Residual risk")) || !row.contains(h.field("Status"))) {
                out.add("safety case: " + h.id() + " should say residual risk '" + h.field("Residual risk")
                        + "' and status '" + h.field("Status") + "': " + row);
            }
        }
        rows.keySet().forEach(id -> out.add("safety case: " + id + " is not a hazard of the log"));
        return out;
    }

    private List<String> matrixProblems() {
        List<String> out = new ArrayList<>();
        int found = 0;
        for (List<String> cells : tableRows(text)) {
            if (cells.get(0).startsWith("likelihood \\ severity")) {
                List<String> expected = List.of("Minor", "Significant", "Considerable", "Major", "Catastrophic");
                if (!cells.subList(1, cells.size()).equals(expected)) {
                    out.add("matrix: the severities should be " + expected + ", not " + cells.subList(1, cells.size()));
                }
                continue;
            }
            Matcher row = Pattern.compile("\\*\\*(Very high|High|Medium|Low|Very low)\\*\\*").matcher(cells.get(0));
            if (row.matches() && cells.size() == 6) {
                found++;
                Likelihood l = Likelihood.valueOf(Rating.constant(row.group(1)));
                List<String> expected = new ArrayList<>();
                for (int rating : MATRIX[l.ordinal()]) {
                    expected.add(String.valueOf(rating));
                }
                if (!cells.subList(1, 6).equals(expected)) {
                    out.add("matrix: " + row.group(1) + " should be " + expected + ", not " + cells.subList(1, 6));
                }
            }
        }
        if (found != Likelihood.values().length) {
            out.add("matrix: expected a row per likelihood, found " + found);
        }
        return out;
    }

    private static List<String> hazardProblems(Hazard h) {
        List<String> out = new ArrayList<>();
        for (String field : FIELDS) {
            if (h.field(field).isBlank()) {
                out.add(h.id() + ": no " + field);
            }
        }
        Rating initial = rating(h, "Initial risk", out);
        Rating residual = rating(h, "Residual risk", out);
        if (initial != null && residual != null && residual.rating() > initial.rating()) {
            out.add(h.id() + ": the residual risk is higher than the initial risk");
        }
        if (!h.field("Status").isBlank() && !STATUSES.contains(h.field("Status"))) {
            out.add(h.id() + ": status '" + h.field("Status") + "' is not one of " + STATUSES);
        }
        if (h.controls().isEmpty()) {
            out.add(h.id() + ": no controls");
        }
        for (Control c : h.controls()) {
            out.addAll(controlProblems(h, c));
        }
        if (h.controls().stream().noneMatch(Control::hasTest) && h.field(WHY_NO_TEST).isBlank()) {
            out.add(h.id() + ": no control is verified by a test, and no '" + WHY_NO_TEST + "' says why");
        }
        if (!h.residualStatement()) {
            out.add(h.id() + ": no residual risk statement");
        }
        return out;
    }

    private static Rating rating(Hazard h, String field, List<String> out) {
        String written = h.field(field);
        if (written.isBlank()) {
            return null;
        }
        Rating r = Rating.parse(written);
        if (r == null) {
            out.add(h.id() + ": " + field + " '" + written + "' is not 'severity × likelihood = rating'");
        } else if (r.rating() != r.fromMatrix()) {
            out.add(h.id() + ": " + field + " '" + written + "' should be " + r.fromMatrix() + " by the matrix");
        }
        return r;
    }

    private static List<String> controlProblems(Hazard h, Control c) {
        List<String> out = new ArrayList<>();
        String where = h.id() + " " + c.number() + ": ";
        if (!KINDS.contains(c.kind())) {
            out.add(where + "kind '" + c.kind() + "' is not one of " + KINDS);
            return out;
        }
        boolean procedural = said(c.verifiedBy(), PROCEDURAL);
        boolean untested = said(c.verifiedBy(), UNTESTED);
        boolean inTheCode = c.kind().equals("design") || c.kind().equals("test");
        if (inTheCode && !c.hasTest() && !untested) {
            out.add(where + "a " + c.kind() + " control names no test, and does not say '" + UNTESTED.trim() + "' and why");
        }
        if (!inTheCode && !c.hasTest() && !procedural) {
            out.add(where + "a " + c.kind() + " control names neither a test nor, after '" + PROCEDURAL.trim()
                    + "', the document that carries it");
        }
        return out;
    }

    private static boolean said(String cell, String prefix) {
        return cell.startsWith(prefix) && !cell.substring(prefix.length()).isBlank();
    }

    private List<String> indexProblems() {
        List<String> out = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (List<String> cells : tableRows(section("Hazard index"))) {
            if (HAZARD_ID.matcher(cells.get(0)).matches()) {
                rows.add(cells);
            }
        }
        if (rows.size() != hazards.size()) {
            out.add("index: " + rows.size() + " rows for " + hazards.size() + " hazards");
        }
        for (int i = 0; i < Math.min(rows.size(), hazards.size()); i++) {
            Hazard h = hazards.get(i);
            Rating initial = Rating.parse(h.field("Initial risk"));
            Rating residual = Rating.parse(h.field("Residual risk"));
            List<String> expected = List.of(h.id(), h.name(), initial == null ? "?" : String.valueOf(initial.rating()),
                    residual == null ? "?" : String.valueOf(residual.rating()), h.field("Status"));
            if (!rows.get(i).equals(expected)) {
                out.add("index: row " + (i + 1) + " should be " + expected + ", not " + rows.get(i));
            }
        }
        return out;
    }

    /** Every Open hazard names, in "Open items", the further control it waits for; every item names real hazards. */
    private List<String> openItemProblems() {
        List<String> out = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (List<String> cells : tableRows(section("Open items"))) {
            if (cells.size() > 2 && cells.get(0).matches("O\\d+")) {
                Matcher m = HAZARD_ID.matcher(cells.get(2));
                while (m.find()) {
                    named.add(m.group());
                }
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        hazards.forEach(h -> ids.add(h.id()));
        for (Hazard h : hazards) {
            if (h.field("Status").equals("Open") && !named.contains(h.id())) {
                out.add(h.id() + ": Open, but no open item names it");
            }
        }
        for (String id : named) {
            if (!ids.contains(id)) {
                out.add("open items: " + id + " is not a hazard of the log");
            }
        }
        return out;
    }

    private String section(String heading) {
        int start = text.indexOf("\n## " + heading + "\n");
        if (start < 0) {
            return "";
        }
        int end = text.indexOf("\n## ", start + 1);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private static List<Hazard> hazards(String text) {
        List<MatchResult> headings = new ArrayList<>();
        Matcher m = HAZARD.matcher(text);
        while (m.find()) {
            headings.add(m.toMatchResult());
        }
        List<Hazard> out = new ArrayList<>();
        for (MatchResult heading : headings) {
            int end = text.indexOf("\n## ", heading.end());
            String body = text.substring(heading.end(), end < 0 ? text.length() : end);
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                Matcher f = FIELD.matcher(line.strip());
                if (f.matches()) {
                    fields.put(f.group(1).strip(), f.group(2).strip());
                }
            }
            List<Control> controls = new ArrayList<>();
            for (List<String> cells : tableRows(body)) {
                if (cells.size() == 4 && cells.get(0).matches("C\\d+")) {
                    controls.add(new Control(cells.get(0), cells.get(1), cells.get(2), cells.get(3)));
                }
            }
            out.add(new Hazard(heading.group(1), heading.group(2).strip(), fields, controls,
                    body.contains("\n**Residual risk.**")));
        }
        return out;
    }

    /** The cells of every Markdown table row in the text, trimmed (separator rows left out). */
    private static List<List<String>> tableRows(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.length() < 2 || !l.startsWith("|") || !l.endsWith("|") || l.matches("\\|[\\s:|-]+\\|")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : l.substring(1, l.length() - 1).split("\\|", -1)) {
                cells.add(cell.strip());
            }
            out.add(cells);
        }
        return out;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
