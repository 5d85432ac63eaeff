package org.vigil.server.engine;

import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Unit;
import org.vigil.server.rules.EngineState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A unit is published anew only when a rule marks it changed ({@link Publication}): a figure that changes without
 * the mark stays on its walls as it was until something else changes there, and a restart (which publishes every
 * unit) shows another value than the live server did. After every record of a long scenario (with answers), every
 * unit not marked must read exactly as it was last published, only later. Written after a moved alert's answer
 * changed the figures of the ward it was raised on without telling that ward.
 */
class PublishedUnitsTest {
    @Test
    void aUnitNotMarkedChangedReadsAsItWasLastPublished() throws Exception {
        Organisation org = OrganisationLoader.demo();
        List<Event> records = SnapshotAtAnyRecordTest.records(org);
        EngineState state = new EngineState(org);
        Map<String, UnitSnapshot> published = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            state.apply(records.get(i));
            Set<String> changed = state.drainChanged();
            for (Unit u : org.units()) {
                UnitSnapshot now = UnitSnapshot.of(state, u.id(), 0);
                UnitSnapshot was = published.get(u.id());
                if (was != null && was.started() && !changed.contains(u.id())) {
                    Event e = records.get(i);
                    assertEquals(was.at(now.asOf()), now, () -> u.id() + " changed without being marked, by record "
                            + e + ": " + differences(was.at(now.asOf()), now));
                }
                published.put(u.id(), now);
            }
        }
    }

    /** The snapshot's parts that differ, as "part: was → now". */
    private static String differences(UnitSnapshot was, UnitSnapshot now) {
        StringBuilder out = new StringBuilder();
        for (java.lang.reflect.RecordComponent c : UnitSnapshot.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(was);
                Object b = c.getAccessor().invoke(now);
                if (!java.util.Objects.equals(a, b)) {
                    out.append(c.getName()).append(": ").append(a).append(" → ").append(b).append("; ");
                }
            } catch (ReflectiveOperationException x) {
                throw new AssertionError(x);
            }
        }
        return out.toString();
    }
}
