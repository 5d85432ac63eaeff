package org.vigil.server.alerts;

/** Raised → (escalated, if unacknowledged past policy) → acknowledged → resolved when the condition clears. */
public enum AlertState {
    RAISED, ESCALATED, ACKNOWLEDGED, RESOLVED;

    public boolean active() {
        return this != RESOLVED;
    }
}
