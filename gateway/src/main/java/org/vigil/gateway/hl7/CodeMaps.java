package org.vigil.gateway.hl7;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.vigil.events.Consciousness;
import org.vigil.events.OmissionReason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The code maps of every sender (docs/gateway.md, "Code maps"): how each trust's or vendor's HL7 v2 is read.
 * Three layers, later entries overriding earlier ones with the same key: the built-in defaults
 * ({@code default-code-maps.yaml}: the LOINC and SNOMED CT codes of reference/news2.md "Coding"), the file's
 * common entries, and each sender's own. A sender is chosen by MSH-3 (sending application) and MSH-4 (sending
 * facility); a message from a sender the file does not name is read with the common entries. A mistake in the
 * file stops the gateway at start-up naming the entry, rather than mis-scoring a patient later.
 */
public final class CodeMaps {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String DEFAULTS = "default-code-maps.yaml";
    private static final Set<String> SECTIONS = Set.of("locations", "observations", "consciousness", "oxygen", "units",
            "omissionReasons");

    /** A named sender: MSH-3-1 and/or MSH-4-1 to match (null = any), and its map. */
    private record Sender(String application, String facility, CodeMap map) {
        int specificity(String app, String facility) {
            boolean a = this.application == null || this.application.equalsIgnoreCase(app);
            boolean f = this.facility == null || this.facility.equalsIgnoreCase(facility);
            return !a || !f ? -1 : (this.application != null ? 1 : 0) + (this.facility != null ? 1 : 0);
        }
    }

    private final List<Sender> senders;
    private final CodeMap common;

    private CodeMaps(List<Sender> senders, CodeMap common) {
        this.senders = List.copyOf(senders);
        this.common = common;
    }

    /**
     * The map for a message from this sending application (MSH-3-1) and facility (MSH-4-1): the sender matching
     * both, else the one matching either, else the common map.
     */
    public CodeMap forSender(String application, String facility) {
        Sender best = null;
        int bestScore = 0;
        for (Sender s : senders) {
            int score = s.specificity(application == null ? "" : application.trim(), facility == null ? "" : facility.trim());
            if (score > bestScore) {
                best = s;
                bestScore = score;
            }
        }
        return best == null ? common : best.map();
    }

    /** The built-in codes with one location map for every sender ({@code --locations}). */
    public static CodeMaps withLocations(LocationMap locations) {
        Layer base = defaults();
        base.locations = locations;
        return new CodeMaps(List.of(), base.build("--locations"));
    }

    public static CodeMaps load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** Reads a code-maps file; IllegalArgumentException names the entry at fault. */
    public static CodeMaps parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": not a YAML mapping");
        }
        Reader r = new Reader(source);
        r.only(root, "", union(SECTIONS, Set.of("senders")));
        Layer common = defaults();
        r.layer(root, "", common);
        List<Sender> senders = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode list = root.get("senders");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw r.error("senders", "must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                String path = "senders[" + i + "]";
                JsonNode s = list.get(i);
                r.only(s, path, union(SECTIONS, Set.of("name", "application", "facility")));
                String name = r.text(s, "name", path, true);
                String app = r.text(s, "application", path, false);
                String facility = r.text(s, "facility", path, false);
                if (app == null && facility == null) {
                    throw r.error(path, "needs application (MSH-3) or facility (MSH-4) to match");
                }
                if (!seen.add((app == null ? "*" : app.toUpperCase()) + "^" + (facility == null ? "*" : facility.toUpperCase()))) {
                    throw r.error(path, "another sender already matches application " + app + ", facility " + facility);
                }
                Layer layer = common.copy();
                layer.locations = null;
                r.layer(s, path, layer);
                if (layer.locations == null) {
                    layer.locations = common.locations;
                }
                if (layer.locations == null) {
                    throw r.error(path, "has no locations, and the file gives none for every sender");
                }
                senders.add(new Sender(app, facility, layer.build(name)));
            }
        }
        if (common.locations == null && senders.isEmpty()) {
            throw r.error("locations", "missing: give locations for every sender, or senders with their own");
        }
        if (common.locations == null) {
            common.locations = new LocationMap(Map.of()); // a sender not named in the file can place no one
        }
        return new CodeMaps(senders, common.build("senders not named in the code maps"));
    }

    private static Layer defaults() {
        try (InputStream in = CodeMaps.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " missing from the classpath");
            }
            Reader r = new Reader(DEFAULTS);
            JsonNode root = YAML.readTree(in);
            r.only(root, "", SECTIONS);
            Layer layer = new Layer();
            r.layer(root, "", layer);
            return layer;
        } catch (IOException e) {
            throw new IllegalStateException(DEFAULTS + " unreadable", e);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** One layer's entries while the file is read. */
    private static final class Layer {
        LocationMap locations;
        final Map<Coding, News2Parameter> observations = new LinkedHashMap<>();
        final Map<Coding, Consciousness> consciousnessCodes = new HashMap<>();
        final Map<String, Consciousness> consciousnessWords = new HashMap<>();
        final Map<Coding, Boolean> deviceCodes = new HashMap<>();
        final Map<String, Boolean> deviceWords = new HashMap<>();
        final Map<Coding, OmissionReason> reasonCodes = new HashMap<>();
        final Map<String, OmissionReason> reasonWords = new HashMap<>();
        final Map<String, String> unitAliases = new HashMap<>();

        Layer copy() {
            Layer c = new Layer();
            c.locations = locations;
            c.observations.putAll(observations);
            c.consciousnessCodes.putAll(consciousnessCodes);
            c.consciousnessWords.putAll(consciousnessWords);
            c.deviceCodes.putAll(deviceCodes);
            c.deviceWords.putAll(deviceWords);
            c.reasonCodes.putAll(reasonCodes);
            c.reasonWords.putAll(reasonWords);
            c.unitAliases.putAll(unitAliases);
            return c;
        }

        CodeMap build(String name) {
            return new CodeMap(name, locations, observations, consciousnessCodes, consciousnessWords, deviceCodes,
                    deviceWords, reasonCodes, reasonWords, unitAliases);
        }
    }

    /** Reads sections into a layer, naming the source and path of any mistake. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        void layer(JsonNode node, String path, Layer into) {
            JsonNode locations = node.get("locations");
            if (locations != null && !locations.isNull()) {
                String p = at(path, "locations");
                if (!locations.isObject() || locations.isEmpty()) {
                    throw error(p, "must map PV1-3 points of care to unit ids, e.g. W12: RVT-W12");
                }
                Map<String, String> m = new HashMap<>();
                locations.fields().forEachRemaining(e -> {
                    if (!e.getValue().isValueNode() || e.getValue().asText().isBlank()) {
                        throw error(p + "." + e.getKey(), "must be a unit id");
                    }
                    m.put(e.getKey().trim(), e.getValue().asText().trim());
                });
                into.locations = new LocationMap(m);
            }
            int i = 0;
            for (JsonNode e : list(node, path, "observations")) {
                String p = at(path, "observations") + "[" + i++ + "]";
                only(e, p, Set.of("code", "system", "parameter"));
                String name = text(e, "parameter", p, true);
                News2Parameter parameter = News2Parameter.fromConfig(name);
                if (parameter == null) {
                    throw error(p + ".parameter", "'" + name + "' is not one of " + parameterNames());
                }
                into.observations.put(new Coding(text(e, "system", p, true), text(e, "code", p, true)), parameter);
            }
            enumValueSet(node, path, "consciousness", "acvpu", Consciousness.class, "A, C, V, P or U",
                    into.consciousnessCodes, into.consciousnessWords);
            enumValueSet(node, path, "omissionReasons", "reason", OmissionReason.class,
                    "one of " + Arrays.toString(OmissionReason.values()), into.reasonCodes, into.reasonWords);
            i = 0;
            for (JsonNode e : list(node, path, "oxygen")) {
                String p = at(path, "oxygen") + "[" + i++ + "]";
                only(e, p, Set.of("code", "system", "value", "onOxygen"));
                JsonNode on = e.get("onOxygen");
                if (on == null || !on.isBoolean()) {
                    throw error(p + ".onOxygen", "must be true (oxygen) or false (air)");
                }
                valueSetEntry(e, p, on.booleanValue(), into.deviceCodes, into.deviceWords);
            }
            JsonNode units = node.get("units");
            if (units != null && !units.isNull()) {
                String p = at(path, "units");
                if (!units.isObject()) {
                    throw error(p, "must map a sender's unit spelling to one Vigil converts, e.g. \"deg F\": \"[degF]\"");
                }
                units.fields().forEachRemaining(e -> {
                    String target = e.getValue().asText("");
                    if (!knownUnit(target)) {
                        throw error(p + "." + e.getKey(), "'" + target + "' is not a unit Vigil converts (docs/gateway.md, \"Code maps\")");
                    }
                    into.unitAliases.put(Quantity.fold(e.getKey()), target);
                });
            }
        }

        /** A value set whose meanings are an enum's constants, named in {@code field} (e.g. {@code acvpu: C}). */
        private <E extends Enum<E>> void enumValueSet(JsonNode node, String path, String section, String field,
                                                      Class<E> type, String expected, Map<Coding, E> codes,
                                                      Map<String, E> words) {
            int i = 0;
            for (JsonNode e : list(node, path, section)) {
                String p = at(path, section) + "[" + i++ + "]";
                only(e, p, Set.of("code", "system", "value", field));
                String name = text(e, field, p, true);
                E meaning;
                try {
                    meaning = Enum.valueOf(type, name.trim().toUpperCase());
                } catch (IllegalArgumentException x) {
                    throw error(p + "." + field, "'" + name + "' is not " + expected);
                }
                valueSetEntry(e, p, meaning, codes, words);
            }
        }

        private <T> void valueSetEntry(JsonNode e, String p, T meaning, Map<Coding, T> codes, Map<String, T> words) {
            String value = text(e, "value", p, false);
            String code = text(e, "code", p, false);
            if ((value == null) == (code == null)) {
                throw error(p, "give either value (the words a sender sends) or code with its system");
            }
            if (value != null) {
                if (e.has("system")) {
                    throw error(p + ".system", "a value is matched by its words; use code with system for a coded value");
                }
                words.put(CodeMap.words(value), meaning);
            } else {
                codes.put(new Coding(text(e, "system", p, true), code), meaning);
            }
        }

        private static boolean knownUnit(String unit) {
            for (Quantity q : Quantity.values()) {
                if (q.from(unit) != null) {
                    return true;
                }
            }
            return false;
        }

        private static String parameterNames() {
            List<String> names = new ArrayList<>();
            for (News2Parameter p : News2Parameter.values()) {
                names.add(p.configName());
            }
            return String.join(", ", names);
        }

        private List<JsonNode> list(JsonNode node, String path, String field) {
            JsonNode l = node.get(field);
            if (l == null || l.isNull()) {
                return List.of();
            }
            if (!l.isArray()) {
                throw error(at(path, field), "must be a list");
            }
            List<JsonNode> out = new ArrayList<>();
            l.forEach(out::add);
            return out;
        }

        String text(JsonNode node, String field, String path, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(at(path, field), "missing");
                }
                return null;
            }
            if (!v.isValueNode() || v.asText().isBlank()) {
                throw error(at(path, field), "must be a non-empty text");
            }
            return v.asText().trim();
        }

        void only(JsonNode node, String path, Set<String> allowed) {
            if (node == null || !node.isObject()) {
                throw error(path.isEmpty() ? "(top level)" : path, "must be a mapping");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw error(at(path, f), "unknown key (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        IllegalArgumentException error(String path, String message) {
            return new IllegalArgumentException(source + ": " + path + ": " + message);
        }

        private static String at(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
