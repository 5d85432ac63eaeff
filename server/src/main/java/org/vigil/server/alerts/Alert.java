package org.vigil.server.alerts;

import org.vigil.organisation.ResponderRole;
import org.vigil.server.kernel.Deadlines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One alert episode: raised, possibly resolved and re-opened within the hold-down, finally resolved. It names the
 * bed, never the patient: everything here may be shown on a wall. The patient's pseudonymous id is kept only to
 * find the alert again when their state changes. The {@link AlertBook} makes every change; this holds the
 * state and the history. Engine thread only.
 */
public final class Alert {
    private final String id;
    private String unit;
    /** Where it was raised: its figures for the day of its raise stay there when it follows the patient. */
    private final String raisedOn;
    private final AlertKind kind;
    private final String subject;
    private final String patient;
    private Severity severity;
    private int grade;
    private String bed;
    private String detail;
    private final long raisedAt;
    AlertState state = AlertState.RAISED;

    // the ladder: which severity's ladder applies (the worst seen), since when, and the rung reached
    Severity ladderSeverity;
    long ladderStart;
    int rung;
    ResponderRole rungRole;
    long rungSince;
    long lastNotifiedAt;
    boolean escalated;
    long escalatedAt;
    boolean renotified;

    // the answers standing now (a re-opening or a worsening clears them; the history keeps them)
    String acknowledgedBy;
    String acknowledgedRole;
    String note;
    long acknowledgedAt;
    String acknowledgedToken;
    String acceptedBy;
    String acceptedRole;
    long acceptedAt;
    String pausedBy;
    String pausedRole;
    String pausedReason;
    long pausedAt;
    long pausedUntil;

    /** Whether the episode has had its first answer (acknowledgement or acceptance): counted once, in time or not. */
    boolean answered;

    long resolvedAt;
    String resolution;
    final List<AlertTransition> history = new ArrayList<>();
    /**
     * The alerts whose unanswered ladder this one took over (NEWS2's band changed), nearest first, each with its kind
     * and worst severity: an endpoint told of one of them hears this one, which goes on up the same ladder.
     */
    final List<TakenOver> takenOver = new ArrayList<>(0);

    /** An alert this one took the ladder over from: what a webhook endpoint's filters asked of it. */
    public record TakenOver(String id, AlertKind kind, Severity worstSeverity) {}
    /** The one pending deadline: the next rung, the next repeat, or the end of a "not escalating" pause. */
    long next = Deadlines.NONE;

    Alert(String id, String unit, AlertKind kind, Severity severity, int grade, String subject, String patient,
          String bed, String detail, long raisedAt) {
        this.id = id;
        this.unit = unit;
        this.raisedOn = unit;
        this.kind = kind;
        this.severity = severity;
        this.grade = grade;
        this.subject = subject;
        this.patient = patient;
        this.bed = bed;
        this.detail = detail;
        this.raisedAt = raisedAt;
        this.ladderSeverity = severity;
        this.ladderStart = raisedAt;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    /** The unit it was raised on (it may since have followed its patient elsewhere). */
    public String raisedOn() {
        return raisedOn;
    }

    public AlertKind kind() {
        return kind;
    }

    public Severity severity() {
        return severity;
    }

    /** How bad within the severity, as the rule grades it (e.g. the RESTORE2 level); higher is worse. */
    public int grade() {
        return grade;
    }

    public String subject() {
        return subject;
    }

    /** Pseudonymous patient id, or null for a unit-level alert. Never serialised. */
    public String patient() {
        return patient;
    }

    public AlertState state() {
        return state;
    }

    /** The worst severity of the episode so far: its ladder's (a worsening raises it; an improvement keeps it). */
    public Severity worstSeverity() {
        return ladderSeverity;
    }

    /** Whether the episode ever reached rung 1 or higher of its ladder. */
    public boolean escalated() {
        return escalated;
    }

    public String detail() {
        return detail;
    }

    public String bed() {
        return bed;
    }

    /** The episode's first raise: a re-opening within the hold-down keeps it. */
    public long raisedAt() {
        return raisedAt;
    }

    /** When the episode first reached rung 1 (epoch ms), or 0 when it never did. */
    public long escalatedAt() {
        return escalatedAt;
    }

    /** The rung of its ladder the alert has reached (0: the first role, told when it was raised). */
    public int rung() {
        return rung;
    }

    /** When the alert reached its current rung (epoch ms). */
    public long rungSince() {
        return rungSince;
    }

    /** The role on the rung reached. */
    public ResponderRole rungRole() {
        return rungRole;
    }

    public long acknowledgedAt() {
        return acknowledgedAt;
    }

    public String acknowledgedBy() {
        return acknowledgedBy;
    }

    public String acceptedBy() {
        return acceptedBy;
    }

    /** The role of whoever accepted the alert, or null. */
    public String acceptedRole() {
        return acceptedRole;
    }

    public long acceptedAt() {
        return acceptedAt;
    }

    /** When a "not escalating" decision stops pausing re-notification (epoch ms), or 0 when none stands. */
    public long notEscalatingUntil() {
        return pausedUntil;
    }

    public long resolvedAt() {
        return resolvedAt;
    }

    /** Every transition of the episode, oldest first. */
    public List<AlertTransition> history() {
        return Collections.unmodifiableList(history);
    }

    /** The alerts whose ladder this one took over, nearest first; empty for most. */
    public List<TakenOver> takenOver() {
        return Collections.unmodifiableList(takenOver);
    }

    void update(Severity severity, int grade, String bed, String detail) {
        this.severity = severity;
        this.grade = grade;
        this.bed = bed;
        this.detail = detail;
    }

    void moveTo(String unit, String bed) {
        this.unit = unit;
        this.bed = bed;
    }

    boolean paused() {
        return pausedUntil != 0;
    }

    /** Unanswered: RAISED at rung 0, ESCALATED above it. */
    void unanswered() {
        state = rung >= 1 ? AlertState.ESCALATED : AlertState.RAISED;
    }

    /** What stood covered the condition as it was: a worsening or a re-opening clears it (the history keeps it). */
    void clearAnswers() {
        acknowledgedBy = null;
        acknowledgedRole = null;
        note = null;
        acknowledgedAt = 0;
        acknowledgedToken = null;
        acceptedBy = null;
        acceptedRole = null;
        acceptedAt = 0;
        clearPause();
    }

    void clearPause() {
        pausedBy = null;
        pausedRole = null;
        pausedReason = null;
        pausedAt = 0;
        pausedUntil = 0;
    }
}
