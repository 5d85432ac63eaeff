package org.vigil.server.alerts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Alerts by what they are about — unit, kind and subject — without building a key string on every lookup: a rule
 * asks on every observation whether its alert is already there. Engine thread only.
 */
final class AlertsByKey {
    private final Map<AlertKind, Map<String, Map<String, Alert>>> byKind = new EnumMap<>(AlertKind.class);

    Alert get(String unit, AlertKind kind, String subject) {
        Map<String, Map<String, Alert>> byUnit = byKind.get(kind);
        Map<String, Alert> bySubject = byUnit == null ? null : byUnit.get(unit);
        return bySubject == null ? null : bySubject.get(subject);
    }

    /** Files the alert under its unit, kind and subject now. */
    void put(Alert a) {
        byKind.computeIfAbsent(a.kind(), k -> new HashMap<>()).computeIfAbsent(a.unit(), u -> new HashMap<>())
                .put(a.subject(), a);
    }

    Alert remove(String unit, AlertKind kind, String subject) {
        Map<String, Map<String, Alert>> byUnit = byKind.get(kind);
        Map<String, Alert> bySubject = byUnit == null ? null : byUnit.get(unit);
        return bySubject == null ? null : bySubject.remove(subject);
    }

    /** Removes the alert from under its unit, kind and subject now, if that is where it is filed. */
    void remove(Alert a) {
        Map<String, Map<String, Alert>> byUnit = byKind.get(a.kind());
        Map<String, Alert> bySubject = byUnit == null ? null : byUnit.get(a.unit());
        if (bySubject != null) {
            bySubject.remove(a.subject(), a);
        }
    }

    /** Removes every alert, under any unit, that {@code which} picks. */
    void removeIf(Predicate<Alert> which) {
        for (Map<String, Map<String, Alert>> byUnit : byKind.values()) {
            for (Map<String, Alert> bySubject : byUnit.values()) {
                bySubject.values().removeIf(which);
            }
        }
    }

    /** Every alert filed (for a snapshot, which files them again by their unit, kind and subject). */
    List<Alert> all() {
        List<Alert> out = new ArrayList<>();
        for (Map<String, Map<String, Alert>> byUnit : byKind.values()) {
            for (Map<String, Alert> bySubject : byUnit.values()) {
                out.addAll(bySubject.values());
            }
        }
        return out;
    }
}
