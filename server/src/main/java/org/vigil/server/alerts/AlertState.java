package org.vigil.server.alerts;

/**
 * Raised → (escalated, while unanswered at rung 1 or higher of its ladder) → acknowledged (at the wall) or
 * accepted (by a responder) → resolved when the condition clears. A worsening, a re-opening within the hold-down,
 * an undone acknowledgement or a handed-back acceptance puts an answered alert back to RAISED or ESCALATED.
 */
public enum AlertState {
    RAISED, ESCALATED, ACKNOWLEDGED, RESOLVED, ACCEPTED;

    public boolean active() {
        return this != RESOLVED;
    }

    /** Acknowledged or accepted: someone has it, so its ladder stops. */
    public boolean answered() {
        return this == ACKNOWLEDGED || this == ACCEPTED;
    }

    /** As the wall shows it, beside its shape. */
    public String label() {
        return switch (this) {
            case RAISED -> "New";
            case ESCALATED -> "Escalated";
            case ACKNOWLEDGED -> "Acknowledged";
            case RESOLVED -> "Resolved";
            case ACCEPTED -> "Accepted";
        };
    }
}
