package org.vigil.organisation;

import java.time.ZoneId;
import java.util.List;

/** A place where patients or residents are cared for: a hospital ward or a care home. */
public sealed interface Unit permits Ward, CareHome {
    String id();

    String name();

    int beds();

    ZoneId zone();

    /** "ward" or "careHome", as the API names it. */
    String kind();

    /** The scope targets that contain this unit, narrowest first (e.g. ward:X, trust:T, place:P, system). */
    List<String> scopeTargets();
}
