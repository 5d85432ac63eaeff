package org.vigil.events;

/** The wards and care homes an event may name (from the organisation file). */
@FunctionalInterface
public interface UnitDirectory {
    boolean exists(String unit);
}
