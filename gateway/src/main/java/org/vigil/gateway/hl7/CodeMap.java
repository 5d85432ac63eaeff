package org.vigil.gateway.hl7;

import org.vigil.events.Consciousness;
import org.vigil.events.OmissionReason;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * One sender's reading of HL7 v2 (immutable; built by {@link CodeMaps} from the built-in defaults, the file's
 * common entries and the sender's own, later ones overriding earlier ones): PV1-3 points of care → units, OBX-3
 * codes → NEWS2 parameters, the consciousness value set → ACVPU, the oxygen value set (devices) → air or oxygen,
 * the omission reasons (RXA-18) → why a dose was not given, and unit spellings → the units Vigil converts.
 */
public final class CodeMap {
    private final String name;
    private final LocationMap locations;
    private final Map<Coding, News2Parameter> observations;
    /** Codes sent without a coding system: the parameter when only one entry has that code, else absent. */
    private final Map<String, News2Parameter> byCodeAlone;
    private final Map<Coding, Consciousness> consciousnessCodes;
    private final Map<String, Consciousness> consciousnessWords;
    private final Map<Coding, Boolean> deviceCodes;
    private final Map<String, Boolean> deviceWords;
    private final Map<Coding, OmissionReason> reasonCodes;
    private final Map<String, OmissionReason> reasonWords;
    private final Map<String, String> unitAliases;

    CodeMap(String name, LocationMap locations, Map<Coding, News2Parameter> observations,
            Map<Coding, Consciousness> consciousnessCodes, Map<String, Consciousness> consciousnessWords,
            Map<Coding, Boolean> deviceCodes, Map<String, Boolean> deviceWords,
            Map<Coding, OmissionReason> reasonCodes, Map<String, OmissionReason> reasonWords, Map<String, String> unitAliases) {
        this.name = name;
        this.locations = locations;
        this.observations = Map.copyOf(observations);
        Map<String, News2Parameter> alone = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        observations.forEach((coding, p) -> {
            News2Parameter before = alone.putIfAbsent(coding.code(), p);
            if (before != null && before != p) {
                ambiguous.add(coding.code());
            }
        });
        ambiguous.forEach(alone::remove);
        this.byCodeAlone = Map.copyOf(alone);
        this.consciousnessCodes = Map.copyOf(consciousnessCodes);
        this.consciousnessWords = Map.copyOf(consciousnessWords);
        this.deviceCodes = Map.copyOf(deviceCodes);
        this.deviceWords = Map.copyOf(deviceWords);
        this.reasonCodes = Map.copyOf(reasonCodes);
        this.reasonWords = Map.copyOf(reasonWords);
        this.unitAliases = Map.copyOf(unitAliases);
    }

    /** Who this map is for, as the file names it (for messages). */
    public String name() {
        return name;
    }

    public LocationMap locations() {
        return locations;
    }

    /**
     * The parameter an OBX-3 code stands for, or null. A code sent with its system must match an entry with that
     * system; one sent without (OBX-3.3 empty) is taken only when no two entries give it different meanings.
     */
    public News2Parameter parameter(String code, String system) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String s = Coding.system(system);
        return s.isEmpty() ? byCodeAlone.get(code.trim()) : observations.get(new Coding(s, code));
    }

    /** ACVPU from a coded value (OBX-5.1 with its system in OBX-5.3) or its words (OBX-5.1 or OBX-5.2); null if unknown. */
    public Consciousness consciousness(String code, String text, String system) {
        return lookup(consciousnessCodes, consciousnessWords, code, text, system);
    }

    /** Whether a delivery device means oxygen (true) or air (false); null if the device is not in the value set. */
    public Boolean onOxygen(String code, String text, String system) {
        return lookup(deviceCodes, deviceWords, code, text, system);
    }

    /** Why a dose was not given, from RXA-18 (a code with its system, or words); null if not in the value set. */
    public OmissionReason omissionReason(String code, String text, String system) {
        return lookup(reasonCodes, reasonWords, code, text, system);
    }

    /** The converter from a sender's unit spelling to the quantity's canonical unit; null if it cannot convert it. */
    public DoubleUnaryOperator unit(Quantity q, String unit) {
        if (unit == null || unit.isBlank()) {
            return x -> x; // no unit given: the canonical one (documented: most e-obs senders leave OBX-6 empty)
        }
        String known = unitAliases.get(Quantity.fold(unit));
        return q.from(known != null ? known : unit);
    }

    private static <T> T lookup(Map<Coding, T> codes, Map<String, T> words, String code, String text, String system) {
        if (code != null && !code.isBlank() && !Coding.system(system).isEmpty()) {
            T v = codes.get(new Coding(system, code));
            if (v != null) {
                return v;
            }
        }
        T v = code == null ? null : words.get(words(code));
        return v != null || text == null ? v : words.get(words(text));
    }

    /** Value-set words compare without case and with runs of spaces as one. */
    static String words(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
