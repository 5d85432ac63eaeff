package org.vigil.server.alerts;

/** Raised → (escalated, if unacknowledged past policy) → acknowledged → resolved when the condition clears. */
public enum AlertState {
    RAISED, ESCALATED, ACKNOWLEDGED, RESOLVED;

    public boolean active() {
        return this != RESOLVED;
    }

    /** As the wall shows it, beside its shape. */
    public String label() {
        return switch (this) {
            case RAISED -> "New";
            case ESCALATED -> "Escalated";
            case ACKNOWLEDGED -> "Acknowledged";
            case RESOLVED -> "Resolved";
        };
    }
}
