package org.vigil.server.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.vigil.events.AssessmentKind;

import java.io.IOException;
import java.io.InputStream;
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
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final java.util.regex.Pattern SCOPE =
            java.util.regex.Pattern.compile("admin|(ingest|read|ack):((ward|home|trust|place):[^\\s:]+|system)");
    public static final String DEMO_RESOURCE = "/demo-organisation.yaml";

    private OrganisationLoader() {
    }

    public static Organisation load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
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
        JsonNode root = YAML.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": not a YAML mapping");
        }
        return new Reader(source).read(root);
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
                            zone(home, hpath, zone), placeId, systemId));
                }
            }
            try {
                return new Organisation(systemId, text(system, "name", "system"), zone, units, trustNames,
                        trustPlaces, placeNames, policies(root.path("policies")), tokens(root));
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
                    Map.copyOf(timeCritical));
            JsonNode o = node.path("observations");
            Policies.Observations od = d.observations();
            String opath = "policies.observations";
            Policies.Observations observations = new Policies.Observations(
                    integer(o, "zeroMinutes", opath, 0, 1440, od.zeroMinutes()),
                    integer(o, "lowMinutes", opath, 0, 1440, od.lowMinutes()),
                    integer(o, "singleThreeMinutes", opath, 0, 1440, od.singleThreeMinutes()),
                    integer(o, "mediumMinutes", opath, 0, 1440, od.mediumMinutes()),
                    integer(o, "highMinutes", opath, 0, 1440, od.highMinutes()),
                    integer(o, "continuousOverdueMinutes", opath, 1, 1440, od.continuousOverdueMinutes()));
            JsonNode e = node.path("escalation");
            Policies.Escalation ed = d.escalation();
            String epath = "policies.escalation";
            Policies.Escalation escalation = new Policies.Escalation(
                    integer(e, "highMinutes", epath, 1, 1440, ed.highMinutes()),
                    integer(e, "mediumMinutes", epath, 1, 1440, ed.mediumMinutes()),
                    integer(e, "otherMinutes", epath, 1, 1440, ed.otherMinutes()),
                    integer(e, "holdDownMinutes", epath, 0, 1440, ed.holdDownMinutes()));
            Policies.Staffing staffing = new Policies.Staffing(integer(node.path("staffing"),
                    "maxPatientsPerRegisteredNurseDay", "policies.staffing", 1, 100,
                    d.staffing().maxPatientsPerRegisteredNurseDay()));
            JsonNode r = node.path("restore2");
            Policies.Restore2 rd = d.restore2();
            String rpath = "policies.restore2";
            Policies.Restore2 restore2 = new Policies.Restore2(
                    integer(r, "routineMinutes", rpath, 1, 1440, rd.routineMinutes()),
                    integer(r, "scoreOneMinutes", rpath, 1, 1440, rd.scoreOneMinutes()),
                    integer(r, "scoreTwoMinutes", rpath, 1, 1440, rd.scoreTwoMinutes()),
                    integer(r, "gpReviewMinutes", rpath, 1, 1440, rd.gpReviewMinutes()),
                    integer(r, "urgentMinutes", rpath, 1, 1440, rd.urgentMinutes()),
                    integer(r, "emergencyMinutes", rpath, 1, 1440, rd.emergencyMinutes()),
                    integer(r, "softSignsOnlyMinutes", rpath, 1, 1440, rd.softSignsOnlyMinutes()),
                    integer(r, "baselineRise", rpath, 1, 20, rd.baselineRise()));
            return new Policies(Map.copyOf(assessments), medicines, observations, escalation, staffing, restore2);
        }

        private List<Organisation.TokenGrant> tokens(JsonNode root) throws IOException {
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
                        throw fail(path + ".scopes[" + j + "]", "'" + scope + "' is not admin or action:target "
                                + "(action ingest|read|ack; target ward:ID, home:ID, trust:ID, place:ID or system)");
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
