package org.vigil.organisation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.clinical.restore2.Restore2Policy;
import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.events.AssessmentKind;
import org.vigil.organisation.cli.FileProblem;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the organisation file (YAML; see docs/organisation.md). A mistake in it stops the server at start-up
 * with the path of the offending entry, rather than surfacing later as a wrong alert.
 */
public final class OrganisationLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).setNodeFactory(new AskedKeys());
    private static final java.util.regex.Pattern SCOPE = java.util.regex.Pattern.compile(
            "admin|(ingest|read|ack|audit):((ward|home|trust|place):[^\\s:]+|system)|respond:role:[a-z0-9-]+:[^\\s:]+");
    private static final java.util.regex.Pattern ROLE_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final java.util.regex.Pattern LADDER_KEY = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_RUNGS = 8;
    public static final String DEMO_RESOURCE = "/demo-organisation.yaml";

    private OrganisationLoader() {
    }

    public static Organisation load(Path file) throws IOException {
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(FileProblem.describe("--org", file, e), e);
        }
        return load(new ByteArrayInputStream(yaml), file.toString());
    }

    /** The bundled demo organisation. */
    public static Organisation demo() throws IOException {
        try (InputStream in = OrganisationLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IOException("demo organisation missing from the classpath");
            }
            return load(in, "demo organisation");
        }
    }

    public static Organisation load(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": " + yamlProblem(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": not a YAML mapping");
        }
        Organisation org = new Reader(source).read(root);
        String[] unknown = AskedKeys.firstUnasked(root, "");
        if (unknown != null) {
            throw new IOException(source + ": " + unknown[0] + ": unknown key (known here: " + unknown[1] + ")");
        }
        return org;
    }

    /**
     * A YAML syntax error as "line L, column C: problem", and where the construct it broke began: SnakeYAML's own
     * message spans ten lines of excerpts and carets, Jackson's adds its input stream's class, and neither helps
     * an operator more than the line and column do.
     */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            String said = at(m.getProblemMark()) + ": " + m.getProblem();
            return m.getContext() == null || m.getContextMark() == null ? said
                    : said + " (" + m.getContext() + " from " + at(m.getContextMark()) + ")";
        }
        JsonLocation where = e.getLocation();
        return (where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ")
                + e.getOriginalMessage();
    }

    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1); // SnakeYAML counts from 0
    }

    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Organisation read(JsonNode root) throws IOException {
            JsonNode system = required(root, "system", "");
            String systemId = text(system, "id", "system");
            ZoneId zone = zone(system, "system", ZoneId.of("Europe/London"));
            List<Unit> units = new ArrayList<>();
            Map<String, String> trustNames = new LinkedHashMap<>();
            Map<String, String> trustPlaces = new HashMap<>();
            Map<String, String> placeNames = new LinkedHashMap<>();
            int p = 0;
            for (JsonNode place : list(root, "places")) {
                String path = "places[" + p++ + "]";
                String placeId = text(place, "id", path);
                if (placeNames.put(placeId, text(place, "name", path)) != null) {
                    throw fail(path + ".id", "place id '" + placeId + "' appears twice");
                }
                int t = 0;
                for (JsonNode trust : list(place, "trusts")) {
                    String tpath = path + ".trusts[" + t++ + "]";
                    String trustId = text(trust, "id", tpath);
                    if (trustNames.put(trustId, text(trust, "name", tpath)) != null) {
                        throw fail(tpath + ".id", "trust id '" + trustId + "' appears twice");
                    }
                    trustPlaces.put(trustId, placeId);
                    ZoneId trustZone = zone(trust, tpath, zone);
                    int w = 0;
                    for (JsonNode ward : list(trust, "wards")) {
                        String wpath = tpath + ".wards[" + w++ + "]";
                        JsonNode shifts = ward.path("shifts");
                        LocalTime day = time(shifts, "day", wpath + ".shifts", LocalTime.of(7, 30));
                        LocalTime night = time(shifts, "night", wpath + ".shifts", LocalTime.of(19, 30));
                        if (!night.isAfter(day)) {
                            // A time belongs to the day shift when in [day, night) of its date (staffing/ShiftKey).
                            throw fail(wpath + ".shifts.night", "must be later in the day than shifts.day");
                        }
                        units.add(new Ward(text(ward, "id", wpath), text(ward, "name", wpath), beds(ward, wpath),
                                zone(ward, wpath, trustZone), trustId, placeId, systemId, day, night));
                    }
                }
                int h = 0;
                for (JsonNode home : list(place, "careHomes")) {
                    String hpath = path + ".careHomes[" + h++ + "]";
                    units.add(new CareHome(text(home, "id", hpath), text(home, "name", hpath), beds(home, hpath),
                            zone(home, hpath, zone), placeId, systemId, bool(home, "nursing", hpath, false)));
                }
            }
            Policies policies = policies(root.path("policies"));
            List<Organisation.TokenGrant> tokens = tokens(root, policies.escalation(), units, trustNames.keySet(),
                    placeNames.keySet());
            List<WebhookConfig> webhooks = webhooks(root, units, trustNames.keySet(), placeNames.keySet());
            try {
                return new Organisation(systemId, text(system, "name", "system"), zone, units, trustNames,
                        trustPlaces, placeNames, policies, tokens, webhooks);
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": " + e.getMessage());
            }
        }

        private Policies policies(JsonNode node) throws IOException {
            Policies d = Policies.defaults();
            Map<AssessmentKind, Policies.AssessmentPolicy> assessments = new EnumMap<>(AssessmentKind.class);
            assessments.putAll(d.assessments());
            JsonNode a = node.path("assessments");
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = "policies.assessments." + e.getKey();
                AssessmentKind kind;
                try {
                    kind = AssessmentKind.valueOf(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw fail(path, "unknown assessment kind");
                }
                Policies.AssessmentPolicy dflt = d.assessments().get(kind);
                assessments.put(kind, new Policies.AssessmentPolicy(
                        integer(e.getValue(), "dueHours", path, 1, 24 * 60, -1), integer(e.getValue(), "minAge", path, 0, 130, 0),
                        // left out, the kind keeps its documented repeat (MUST weekly, NICE CG32), not "never"
                        integer(e.getValue(), "repeatDays", path, 0, 365, dflt == null ? 0 : dflt.repeatDays())));
            }
            JsonNode m = node.path("medicines");
            Map<String, Integer> timeCritical = new HashMap<>(d.medicines().timeCriticalGraceMinutes());
            for (Iterator<Map.Entry<String, JsonNode>> it = m.path("timeCriticalGraceMinutes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                    throw fail("policies.medicines.timeCriticalGraceMinutes." + e.getKey(), "must be minutes ≥ 0");
                }
                timeCritical.put(e.getKey().toUpperCase(Locale.ROOT), e.getValue().asInt());
            }
            Policies.Medicines medicines = new Policies.Medicines(
                    integer(m, "graceMinutes", "policies.medicines", 0, 24 * 60, d.medicines().graceMinutes()),
                    Map.copyOf(timeCritical), choice(m, "redFlagOmissions", "policies.medicines",
                            Policies.RedFlagOmissions.class, d.medicines().redFlagOmissions()));
            JsonNode o = node.path("observations");
            Policies.Observations od = d.observations();
            String opath = "policies.observations";
            MonitoringFrequency fd = od.frequency();
            Policies.Observations observations = new Policies.Observations(new MonitoringFrequency(
                    integer(o, "zeroMinutes", opath, 0, 1440, fd.zeroMinutes()),
                    integer(o, "lowMinutes", opath, 0, 1440, fd.lowMinutes()),
                    integer(o, "singleThreeMinutes", opath, 0, 1440, fd.singleThreeMinutes()),
                    integer(o, "mediumMinutes", opath, 0, 1440, fd.mediumMinutes()),
                    integer(o, "highMinutes", opath, 0, 1440, fd.highMinutes())),
                    integer(o, "continuousOverdueMinutes", opath, 1, 1440, od.continuousOverdueMinutes()),
                    integer(o, "firstSetMinutes", opath, 1, 1440, od.firstSetMinutes()));
            Policies.Escalation escalation = escalation(node.path("escalation"), d.escalation());
            Policies.Staffing staffing = new Policies.Staffing(integer(node.path("staffing"),
                    "maxPatientsPerRegisteredNurseDay", "policies.staffing", 1, 100,
                    d.staffing().maxPatientsPerRegisteredNurseDay()),
                    integer(node.path("staffing"), "reportDueMinutes", "policies.staffing", 1, 720,
                            d.staffing().reportDueMinutes()));
            JsonNode r = node.path("restore2");
            Restore2Policy rd = d.restore2();
            String rpath = "policies.restore2";
            Restore2Policy restore2 = new Restore2Policy(
                    integer(r, "routineMinutes", rpath, 1, 1440, rd.routineMinutes()),
                    integer(r, "scoreOneMinutes", rpath, 1, 1440, rd.scoreOneMinutes()),
                    integer(r, "scoreTwoMinutes", rpath, 1, 1440, rd.scoreTwoMinutes()),
                    integer(r, "gpReviewMinutes", rpath, 1, 1440, rd.gpReviewMinutes()),
                    integer(r, "urgentMinutes", rpath, 1, 1440, rd.urgentMinutes()),
                    integer(r, "emergencyMinutes", rpath, 1, 1440, rd.emergencyMinutes()),
                    integer(r, "softSignsOnlyMinutes", rpath, 1, 1440, rd.softSignsOnlyMinutes()),
                    integer(r, "baselineRise", rpath, 1, 20, rd.baselineRise()),
                    integer(r, "singleRedScoreMinutes", rpath, 1, 1440, rd.singleRedScoreMinutes()));
            Policies.Sepsis sepsis = new Policies.Sepsis(integer(node.path("sepsis"), "screenWithinMinutes",
                    "policies.sepsis", 1, 1440, d.sepsis().screenWithinMinutes()));
            return new Policies(Map.copyOf(assessments), medicines, observations, escalation, staffing, restore2,
                    sepsis, spc(node.path("spc"), d.spc()));
        }

        /**
         * The board's SPC settings (a misspelt key, {@code improvment}, is refused as everywhere: it would leave a
         * metric judged the wrong way round); metric names are the server's, which checks them at start-up.
         */
        private Policies.Spc spc(JsonNode node, Policies.Spc d) throws IOException {
            String path = "policies.spc";
            if (node.isMissingNode() || node.isNull()) {
                return d;
            }
            LocalTime census = time(node, "censusTime", path, d.censusTime());
            int retention = integer(node, "retentionDays", path, 14, 400, d.retentionDays());
            int chart = integer(node, "chartDays", path, 13, retention, Math.min(d.chartDays(), retention));
            List<String> wall = new ArrayList<>();
            int i = 0;
            for (JsonNode m : list(node, "wallMetrics")) {
                if (!m.isTextual() || m.asText().isBlank()) {
                    throw fail(path + ".wallMetrics[" + i + "]", "must be a metric's name");
                }
                wall.add(m.asText());
                i++;
            }
            if (node.has("wallMetrics") && (wall.isEmpty() || wall.size() > 6)) {
                throw fail(path + ".wallMetrics", "must list 1 to 6 metrics");
            }
            Map<String, Policies.MetricPolicy> metrics = new LinkedHashMap<>();
            JsonNode ms = node.path("metrics");
            if (!ms.isMissingNode() && !ms.isNull() && !ms.isObject()) {
                throw fail(path + ".metrics", "must be a mapping of metric names");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ms.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String mpath = path + ".metrics." + e.getKey();
                JsonNode m = e.getValue();
                if (!m.isObject()) {
                    throw fail(mpath, "must be a mapping: { improvement, target, baselinePoints }");
                }
                ImprovementDirection improvement = m.hasNonNull("improvement")
                        ? choice(m, "improvement", mpath, ImprovementDirection.class, null) : null;
                Double target = null;
                JsonNode t = m.get("target");
                if (t != null && !t.isNull()) {
                    if (!t.isNumber() || !Double.isFinite(t.asDouble())) {
                        throw fail(mpath + ".target", "must be a number, or null for no target");
                    }
                    target = t.asDouble();
                }
                Integer baseline = m.hasNonNull("baselinePoints")
                        ? integer(m, "baselinePoints", mpath, 2, retention, -1) : null;
                metrics.put(e.getKey(), new Policies.MetricPolicy(improvement, m.has("target"), target, baseline));
            }
            return new Policies.Spc(census, retention, chart, wall, metrics);
        }

        /**
         * Roles and ladders are merged over the defaults: a role or ladder the file names replaces the default of
         * that name; the others stay. The old single step (highMinutes, mediumMinutes, otherMinutes) is refused
         * rather than ignored: a file that set it expects its minutes, and would silently get the ladders'.
         */
        private Policies.Escalation escalation(JsonNode e, Policies.Escalation d) throws IOException {
            String path = "policies.escalation";
            for (String old : List.of("highMinutes", "mediumMinutes", "otherMinutes")) {
                if (e.has(old)) {
                    throw fail(path + "." + old, "replaced by escalation ladders (policies.escalation.ladders; "
                            + "see docs/organisation.md)");
                }
            }
            Map<String, ResponderRole> roles = new LinkedHashMap<>(d.roles());
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("roles").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> r = it.next();
                String rpath = path + ".roles." + r.getKey();
                if (!ROLE_ID.matcher(r.getKey()).matches()) {
                    throw fail(rpath, "a role id is lower-case letters, digits and dashes");
                }
                String level = text(r.getValue(), "scope", rpath);
                ResponderRole.Level lvl = null;
                for (ResponderRole.Level l : ResponderRole.Level.values()) {
                    if (l.word().equals(level)) {
                        lvl = l;
                    }
                }
                if (lvl == null) {
                    throw fail(rpath + ".scope", "must be ward, home, trust or place");
                }
                roles.put(r.getKey(), new ResponderRole(r.getKey(), text(r.getValue(), "name", rpath), lvl));
            }
            JsonNode ladders = e.path("ladders");
            Map<String, EscalationLadder> ward = ladders(ladders.path("ward"), path + ".ladders.ward", d.wardLadders(),
                    roles, false);
            Map<String, EscalationLadder> careHome = ladders(ladders.path("careHome"), path + ".ladders.careHome",
                    d.careHomeLadders(), roles, true);
            int maxPause = integer(e, "notEscalatingMaxMinutes", path, 1, 10080, d.notEscalatingMaxMinutes());
            int pause = integer(e, "notEscalatingMinutes", path, 1, 10080, d.notEscalatingMinutes());
            if (pause > maxPause) {
                throw fail(path + ".notEscalatingMinutes", "must not exceed notEscalatingMaxMinutes (" + maxPause + ")");
            }
            return new Policies.Escalation(integer(e, "holdDownMinutes", path, 0, 1440, d.holdDownMinutes()),
                    integer(e, "ackUndoSeconds", path, 0, 60, d.ackUndoSeconds()), pause, maxPause, roles, ward,
                    careHome);
        }

        private Map<String, EscalationLadder> ladders(JsonNode node, String path, Map<String, EscalationLadder> dflt,
                                                      Map<String, ResponderRole> roles, boolean careHome)
                throws IOException {
            Map<String, EscalationLadder> out = new HashMap<>(dflt);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> l = it.next();
                String lpath = path + "." + l.getKey();
                if (!LADDER_KEY.matcher(l.getKey()).matches()) {
                    throw fail(lpath, "a ladder is named by a severity (HIGH, MEDIUM, LOW) or an alert kind");
                }
                List<EscalationLadder.Rung> rungs = new ArrayList<>();
                int i = 0;
                int previous = 0;
                for (JsonNode rung : list(l.getValue(), "rungs")) {
                    String rpath = lpath + ".rungs[" + i + "]";
                    String role = text(rung, "role", rpath);
                    ResponderRole r = roles.get(role);
                    if (r == null) {
                        throw fail(rpath + ".role", "unknown role '" + role + "' (roles: " + roles.keySet() + ")");
                    }
                    if (careHome ? r.level() == ResponderRole.Level.WARD || r.level() == ResponderRole.Level.TRUST
                            : r.level() == ResponderRole.Level.HOME) {
                        throw fail(rpath + ".role", "a " + r.level().word() + " role cannot answer for a "
                                + (careHome ? "care home" : "ward"));
                    }
                    int minutes = integer(rung, "minutes", rpath, i == 0 ? 0 : previous, i == 0 ? 0 : 1440, -1);
                    rungs.add(new EscalationLadder.Rung(role, minutes));
                    previous = minutes;
                    i++;
                }
                if (rungs.isEmpty() || rungs.size() > MAX_RUNGS) {
                    throw fail(lpath + ".rungs", "must list 1 to " + MAX_RUNGS + " rungs, the first at minutes: 0");
                }
                out.put(l.getKey(), new EscalationLadder(rungs, integer(l.getValue(), "repeatMinutes", lpath, 0, 1440, 0)));
            }
            for (String severity : List.of("HIGH", "MEDIUM", "LOW")) {
                if (!out.containsKey(severity)) {
                    throw fail(path + "." + severity, "missing");
                }
            }
            return out;
        }

        private List<Organisation.TokenGrant> tokens(JsonNode root, Policies.Escalation escalation, List<Unit> units,
                                                     java.util.Set<String> trusts, java.util.Set<String> places)
                throws IOException {
            List<Organisation.TokenGrant> tokens = new ArrayList<>();
            Map<String, Organisation.TokenGrant> byName = new HashMap<>();
            Map<String, String> hashes = new HashMap<>();
            int i = 0;
            for (JsonNode t : list(root, "tokens")) {
                String path = "tokens[" + i++ + "]";
                String hash = text(t, "sha256", path).toLowerCase();
                if (!hash.matches("[0-9a-f]{64}")) {
                    throw fail(path + ".sha256", "must be 64 hex digits (the SHA-256 of the token)");
                }
                String earlier = hashes.putIfAbsent(hash, path);
                if (earlier != null) {
                    throw fail(path + ".sha256", "the same token hash is already granted at " + earlier);
                }
                List<String> scopes = new ArrayList<>();
                int j = 0;
                for (JsonNode s : list(t, "scopes")) {
                    String scope = s.asText();
                    // A typo such as read:wards:X would silently grant nothing; refuse it at start-up instead.
                    if (!SCOPE.matcher(scope).matches()) {
                        throw fail(path + ".scopes[" + j + "]", "'" + scope + "' is not admin, action:target "
                                + "(action ingest|read|ack|audit; target ward:ID, home:ID, trust:ID, place:ID or system) "
                                + "or respond:role:ROLE:ID");
                    }
                    if (scope.startsWith("respond:")) {
                        checkResponder(scope, path + ".scopes[" + j + "]", escalation, units, trusts, places);
                    }
                    scopes.add(scope);
                    j++;
                }
                Instant notBefore = instant(t, "notBefore", path);
                Instant notAfter = instant(t, "notAfter", path);
                if (notBefore != null && notAfter != null && !notAfter.isAfter(notBefore)) {
                    throw fail(path + ".notAfter", "must be later than notBefore");
                }
                Organisation.TokenGrant grant = new Organisation.TokenGrant(text(t, "name", path), hash,
                        List.copyOf(scopes), notBefore, notAfter);
                Organisation.TokenGrant sibling = byName.putIfAbsent(grant.name(), grant);
                // Grants sharing a name are one token being rotated: a new secret, never different rights.
                if (sibling != null && !Set.copyOf(sibling.scopes()).equals(Set.copyOf(grant.scopes()))) {
                    throw fail(path + ".scopes", "another grant named '" + grant.name() + "' has other scopes; "
                            + "grants sharing a name rotate one token and must grant the same scopes");
                }
                tokens.add(grant);
            }
            return tokens;
        }

        /** {@code respond:role:ROLE:ID}: the role must exist and ID be a ward, home, trust or place as the role says. */
        private void checkResponder(String scope, String path, Policies.Escalation escalation, List<Unit> units,
                                    java.util.Set<String> trusts, java.util.Set<String> places) throws IOException {
            String[] parts = scope.split(":");
            ResponderRole role = escalation.role(parts[2]);
            if (role == null) {
                throw fail(path, "unknown role '" + parts[2] + "' (roles: " + escalation.roles().keySet() + ")");
            }
            String id = parts[3];
            if (!known(role.level(), id, units, trusts, places)) {
                throw fail(path, "role '" + role.id() + "' is held at a " + role.level().word() + ", and there is no "
                        + role.level().word() + " '" + id + "'");
            }
        }

        /** Whether the file has a ward, home, trust or place (as {@code level} says) with this id. */
        private static boolean known(ResponderRole.Level level, String id, List<Unit> units,
                                     java.util.Set<String> trusts, java.util.Set<String> places) {
            return switch (level) {
                case WARD -> units.stream().anyMatch(u -> u instanceof Ward && u.id().equals(id));
                case HOME -> units.stream().anyMatch(u -> u instanceof CareHome && u.id().equals(id));
                case TRUST -> trusts.contains(id);
                case PLACE -> places.contains(id);
            };
        }

        /**
         * The webhook endpoints. Their form is checked here, as everything else in the file; a secret is only
         * named (an environment variable or a file): a secret written into the file itself is refused.
         */
        private List<WebhookConfig> webhooks(JsonNode root, List<Unit> units, java.util.Set<String> trusts,
                                             java.util.Set<String> places) throws IOException {
            List<WebhookConfig> out = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            int i = 0;
            for (JsonNode w : list(root, "webhooks")) {
                String path = "webhooks[" + i++ + "]";
                String name = text(w, "name", path);
                if (!ROLE_ID.matcher(name).matches()) {
                    throw fail(path + ".name", "lower-case letters, digits and dashes, at most 40");
                }
                if (!names.add(name)) {
                    throw fail(path + ".name", "webhook '" + name + "' appears twice");
                }
                URI url = webhookUrl(text(w, "url", path), path + ".url");
                List<String> covers = new ArrayList<>();
                int j = 0;
                for (JsonNode c : list(w, "covers")) {
                    covers.add(target(c.asText(), path + ".covers[" + j++ + "]", units, trusts, places));
                }
                if (covers.isEmpty()) {
                    throw fail(path + ".covers", "list the units it covers: ward:ID, home:ID, trust:ID, place:ID "
                            + "or system");
                }
                String minSeverity = w.hasNonNull("minSeverity") ? text(w, "minSeverity", path) : null;
                JsonNode retry = w.path("retry");
                int initial = integer(retry, "initialMillis", path + ".retry", 10, 60_000, 500);
                int max = integer(retry, "maxMillis", path + ".retry", initial, 3_600_000, Math.max(initial, 60_000));
                JsonNode trust = w.get("truststore");
                WebhookConfig.Truststore truststore = null;
                if (trust != null && !trust.isNull()) {
                    if (!"https".equals(url.getScheme())) {
                        throw fail(path + ".truststore", "only for an https url");
                    }
                    truststore = new WebhookConfig.Truststore(Path.of(text(trust, "file", path + ".truststore")),
                            trust.has("password") ? secret(trust, "password", path + ".truststore") : null);
                }
                out.add(new WebhookConfig(source + ": " + path, name, url, List.copyOf(covers),
                        names(w, "kinds", path), minSeverity, names(w, "transitions", path), secret(w, "secret", path),
                        truststore, integer(w, "timeoutSeconds", path, 1, 120, 10), initial, max));
            }
            return out;
        }

        /** http or https, with a host and no user or password (they would be logged and shown). */
        private URI webhookUrl(String text, String path) throws IOException {
            URI url;
            try {
                url = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw fail(path, "not a URL: " + e.getMessage());
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw fail(path, "must be http(s)://host[:port]/path");
            }
            if (url.getUserInfo() != null) {
                throw fail(path, "no user or password in the URL: the body is signed with the secret instead");
            }
            return url;
        }

        /** A scope target, as in token scopes, naming something the file has. */
        private String target(String target, String path, List<Unit> units, java.util.Set<String> trusts,
                              java.util.Set<String> places) throws IOException {
            if (target.equals("system")) {
                return target;
            }
            int colon = target.indexOf(':');
            String word = colon < 0 ? target : target.substring(0, colon);
            for (ResponderRole.Level level : ResponderRole.Level.values()) {
                if (level.word().equals(word)) {
                    String id = target.substring(colon + 1);
                    if (!known(level, id, units, trusts, places)) {
                        throw fail(path, "there is no " + word + " '" + id + "'");
                    }
                    return target;
                }
            }
            throw fail(path, "'" + target + "' is not ward:ID, home:ID, trust:ID, place:ID or system");
        }

        /** A list of upper-case names (alert kinds, transition types: checked against them by the webhooks). */
        private List<String> names(JsonNode node, String field, String path) throws IOException {
            List<String> out = new ArrayList<>();
            int i = 0;
            for (JsonNode n : list(node, field)) {
                if (!n.isTextual() || !LADDER_KEY.matcher(n.asText()).matches()) {
                    throw fail(path + "." + field + "[" + i + "]", "must be a name in capitals, like NEWS2_HIGH");
                }
                out.add(n.asText());
                i++;
            }
            return List.copyOf(out);
        }

        /** {@code {env: NAME}} or {@code {file: PATH}}, exactly one; never the secret itself. */
        private WebhookConfig.Secret secret(JsonNode node, String field, String path) throws IOException {
            String spath = join(path, field);
            JsonNode s = required(node, field, path);
            if (!s.isObject()) {
                throw fail(spath, "never the secret itself: give {env: VARIABLE} or {file: PATH}");
            }
            boolean env = s.hasNonNull("env");
            if (env == s.hasNonNull("file")) {
                throw fail(spath, "give exactly one of env (an environment variable) or file (a path)");
            }
            if (env) {
                String name = text(s, "env", spath);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw fail(spath + ".env", "not an environment variable name: '" + name + "'");
                }
                return new WebhookConfig.Secret(name, null);
            }
            return new WebhookConfig.Secret(null, Path.of(text(s, "file", spath)));
        }

        /** An ISO-8601 instant with its offset ({@code 2027-01-31T00:00:00Z}); a local time would be ambiguous. */
        private Instant instant(JsonNode node, String field, String path) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(v.asText()).toInstant();
            } catch (DateTimeException e) {
                throw fail(join(path, field), "must be an instant with its offset, like 2027-01-31T00:00:00Z");
            }
        }

        private JsonNode required(JsonNode node, String field, String path) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw fail(join(path, field), "missing");
            }
            return v;
        }

        private String text(JsonNode node, String field, String path) throws IOException {
            JsonNode v = required(node, field, path);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw fail(join(path, field), "must be a non-empty string");
            }
            return v.asText();
        }

        private int beds(JsonNode node, String path) throws IOException {
            return integer(node, "beds", path, 1, 2000, -1);
        }

        private int integer(JsonNode node, String field, String path, int min, int max, int dflt) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (dflt < 0) {
                    throw fail(join(path, field), "missing");
                }
                return dflt;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
                throw fail(join(path, field), "must be a whole number from " + min + " to " + max);
            }
            return v.asInt();
        }

        private boolean bool(JsonNode node, String field, String path, boolean dflt) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw fail(join(path, field), "must be true or false");
            }
            return v.asBoolean();
        }

        private <E extends Enum<E>> E choice(JsonNode node, String field, String path, Class<E> type, E dflt)
                throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(v.asText())) {
                    return e;
                }
            }
            throw fail(join(path, field), "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }

        private ZoneId zone(JsonNode node, String path, ZoneId dflt) throws IOException {
            JsonNode v = node.get("zone");
            if (v == null) {
                return dflt;
            }
            try {
                return ZoneId.of(v.asText());
            } catch (DateTimeException e) {
                throw fail(join(path, "zone"), "unknown time zone '" + v.asText() + "'");
            }
        }

        private LocalTime time(JsonNode node, String field, String path, LocalTime dflt) throws IOException {
            JsonNode v = node.get(field);
            if (v == null) {
                return dflt;
            }
            try {
                return LocalTime.parse(v.asText());
            } catch (DateTimeException e) {
                throw fail(join(path, field), "must be a time of day like 07:30");
            }
        }

        private Iterable<JsonNode> list(JsonNode node, String field) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw fail(field, "must be a list");
            }
            return v;
        }

        private IOException fail(String path, String reason) {
            return new IOException(source + ": " + path + ": " + reason);
        }

        private static String join(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
