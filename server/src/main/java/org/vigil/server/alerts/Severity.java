package org.vigil.server.alerts;

/** How fast someone must respond; sets how long an alert may stay unacknowledged before it escalates. */
public enum Severity {
    HIGH, MEDIUM, LOW;

    /** As the wall shows it, beside its shape. */
    public String label() {
        return switch (this) {
            case HIGH -> "High";
            case MEDIUM -> "Medium";
            case LOW -> "Low";
        };
    }
}
