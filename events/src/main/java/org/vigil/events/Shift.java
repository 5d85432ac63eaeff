package org.vigil.events;

public enum Shift {
    DAY, NIGHT
}
