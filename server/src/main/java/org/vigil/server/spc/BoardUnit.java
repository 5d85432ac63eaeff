package org.vigil.server.spc;

import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;

import java.util.ArrayList;
import java.util.List;

/**
 * What a board chart is of: one ward or care home (its id), or a roll-up named as token scopes name it —
 * {@code trust:RVT} (the trust's wards), {@code place:FYL} (the place's wards and care homes) or {@code system}
 * (every unit). Immutable; any thread.
 *
 * @param members the units whose daily figures add up to it, in organisation-file order
 */
public record BoardUnit(String id, Level level, String name, List<Unit> members) {
    public enum Level {
        WARD, CARE_HOME, TRUST, PLACE, SYSTEM;

        /** As the API names it: "ward", "careHome", "trust", "place", "system". */
        public String word() {
            return this == CARE_HOME ? "careHome" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BoardUnit {
        members = List.copyOf(members);
    }

    /** The unit or roll-up named by {@code id}, or null when the organisation has none. */
    public static BoardUnit resolve(Organisation org, String id) {
        if (id.equals("system")) {
            return new BoardUnit(id, Level.SYSTEM, org.systemName(), org.units());
        }
        if (id.startsWith("trust:")) {
            String trust = id.substring("trust:".length());
            String name = org.trustName(trust);
            return name == null ? null : new BoardUnit(id, Level.TRUST, name,
                    select(org, u -> u instanceof Ward w && w.trust().equals(trust)));
        }
        if (id.startsWith("place:")) {
            String place = id.substring("place:".length());
            String name = org.placeName(place);
            return name == null ? null : new BoardUnit(id, Level.PLACE, name, select(org, u -> place.equals(placeOf(u))));
        }
        Unit u = org.unit(id);
        if (u == null) {
            return null;
        }
        return new BoardUnit(id, u instanceof Ward ? Level.WARD : Level.CARE_HOME, u.name(), List.of(u));
    }

    private static String placeOf(Unit u) {
        return u instanceof Ward w ? w.place() : ((CareHome) u).place();
    }

    private static List<Unit> select(Organisation org, java.util.function.Predicate<Unit> which) {
        List<Unit> out = new ArrayList<>();
        for (Unit u : org.units()) {
            if (which.test(u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** A trust, place or the system: the sum of its members, never a unit of its own. */
    public boolean rollUp() {
        return level == Level.TRUST || level == Level.PLACE || level == Level.SYSTEM;
    }

    /** Whether any member keeps the metric. */
    public boolean has(BoardMetric m) {
        for (Unit u : members) {
            if (m.applies().to(u)) {
                return true;
            }
        }
        return false;
    }

    /** The metrics its members keep, in {@link BoardMetric} order. */
    public List<BoardMetric> metrics() {
        List<BoardMetric> out = new ArrayList<>();
        for (BoardMetric m : BoardMetric.values()) {
            if (has(m)) {
                out.add(m);
            }
        }
        return out;
    }
}
