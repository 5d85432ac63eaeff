package org.vigil.events;

public enum DoseResult {
    GIVEN, OMITTED
}
