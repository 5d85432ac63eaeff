package org.vigil.server.alerts;

import java.util.List;

/**
 * An alert as a reader sees it: an immutable copy of the {@link Alert} at one moment, safe to hand to any thread
 * and to encode there (the API, the walls, webhooks). It names the bed, never the patient. Built on the engine
 * thread (or a journal follower's) by {@link #of}.
 *
 * @param escalatedAt   when the episode first reached rung 1 (epoch ms); 0 when it never did
 * @param rung          the rung of its ladder reached, or null before the ladder is known
 * @param acknowledged  the acknowledgement standing now, or null
 * @param accepted      the acceptance standing now, or null
 * @param notEscalating the "not escalating" decision standing now, or null
 * @param resolvedAt    when it resolved (epoch ms), 0 while active
 * @param resolution    why it resolved, null while active
 * @param history       every transition, oldest first, when asked for; otherwise empty
 */
public record AlertView(String id, String unit, String bed, AlertKind kind, Severity severity, AlertState state,
                        boolean escalated, String detail, long raisedAt, long escalatedAt, Rung rung,
                        Acknowledgement acknowledged, Acceptance accepted, NotEscalating notEscalating,
                        long resolvedAt, String resolution, List<AlertTransition> history) {

    /** The rung reached: its index (0 is the first role, told at the raise), its role, and since when. */
    public record Rung(int index, String role, String roleName, long since) {}

    /** @param by initials or name, or null when only a role was given */
    public record Acknowledgement(String by, String role, String note, long at) {
        /** Who the walls say acknowledged: the person, else the role. */
        public String who() {
            return by != null ? by : role;
        }
    }

    public record Acceptance(String by, String role, long at) {}

    /** @param until when re-notification resumes (epoch ms) */
    public record NotEscalating(String by, String role, String reason, long at, long until) {}

    /** The alert as it stands now; {@code withHistory} copies every transition too (the API's single alert). */
    public static AlertView of(Alert a, boolean withHistory) {
        return new AlertView(a.id(), a.unit(), a.bed(), a.kind(), a.severity(), a.state, a.escalated,
                a.detail(), a.raisedAt(), a.escalated ? a.escalatedAt : 0,
                a.rungRole == null ? null : new Rung(a.rung, a.rungRole.id(), a.rungRole.name(), a.rungSince),
                a.acknowledgedAt == 0 ? null
                        : new Acknowledgement(a.acknowledgedBy, a.acknowledgedRole, a.note, a.acknowledgedAt),
                a.acceptedBy == null ? null : new Acceptance(a.acceptedBy, a.acceptedRole, a.acceptedAt),
                a.pausedUntil == 0 ? null
                        : new NotEscalating(a.pausedBy, a.pausedRole, a.pausedReason, a.pausedAt, a.pausedUntil),
                a.state == AlertState.RESOLVED ? a.resolvedAt : 0, a.state == AlertState.RESOLVED ? a.resolution : null,
                withHistory ? List.copyOf(a.history) : List.of());
    }

    /** Answered (acknowledged or accepted) is not waiting on anyone; raised or escalated is. */
    public boolean unanswered() {
        return state == AlertState.RAISED || state == AlertState.ESCALATED;
    }
}
