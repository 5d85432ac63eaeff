package org.vigil.server.engine;

import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;

/**
 * A unit's identity and place in the organisation, as every surface names it.
 *
 * @param kind      "ward" or "careHome"
 * @param trust     the ward's trust; null for a care home
 * @param trustName likewise
 */
public record UnitIdentity(String id, String name, String kind, String trust, String trustName, String place,
                           String placeName) {

    public static UnitIdentity of(Unit unit, Organisation org) {
        if (unit instanceof Ward w) {
            return new UnitIdentity(w.id(), w.name(), w.kind(), w.trust(), org.trustName(w.trust()), w.place(),
                    org.placeName(w.place()));
        }
        CareHome h = (CareHome) unit;
        return new UnitIdentity(h.id(), h.name(), h.kind(), null, null, h.place(), org.placeName(h.place()));
    }

    public boolean ward() {
        return trust != null;
    }
}
