package org.vigil.server.alerts;

import io.vertx.core.json.JsonObject;
import org.vigil.server.engine.DeadlineQueue;

import java.time.Instant;

/**
 * One alert. It names the bed, never the patient: everything here may be shown on a wall. The patient's
 * pseudonymous id is kept only to find the alert again when their state changes. Engine thread only.
 */
public final class Alert {
    private final String id;
    private String unit;
    private final AlertKind kind;
    private final String subject;
    private final String patient;
    private Severity severity;
    private String bed;
    private String detail;
    private final long raisedAt;
    private AlertState state = AlertState.RAISED;
    private boolean escalated;
    private long escalatedAt;
    private String acknowledgedBy;
    private String note;
    private long acknowledgedAt;
    private long resolvedAt;
    private String resolution;
    DeadlineQueue.Deadline escalation;

    Alert(String id, String unit, AlertKind kind, Severity severity, String subject, String patient, String bed,
          String detail, long raisedAt) {
        this.id = id;
        this.unit = unit;
        this.kind = kind;
        this.severity = severity;
        this.subject = subject;
        this.patient = patient;
        this.bed = bed;
        this.detail = detail;
        this.raisedAt = raisedAt;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public AlertKind kind() {
        return kind;
    }

    public Severity severity() {
        return severity;
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

    public boolean escalated() {
        return escalated;
    }

    public String detail() {
        return detail;
    }

    public String bed() {
        return bed;
    }

    public long raisedAt() {
        return raisedAt;
    }

    /** When the escalation deadline fired (epoch ms), or 0 when not escalated. */
    public long escalatedAt() {
        return escalatedAt;
    }

    public long acknowledgedAt() {
        return acknowledgedAt;
    }

    public long resolvedAt() {
        return resolvedAt;
    }

    String key() {
        return AlertBook.key(unit, kind, subject);
    }

    void update(Severity severity, String bed, String detail) {
        this.severity = severity;
        this.bed = bed;
        this.detail = detail;
    }

    void moveTo(String unit, String bed) {
        this.unit = unit;
        this.bed = bed;
    }

    void escalate(long at) {
        escalated = true;
        escalatedAt = at;
        if (state == AlertState.RAISED) {
            state = AlertState.ESCALATED;
        }
    }

    void acknowledge(String by, String note, long at) {
        state = AlertState.ACKNOWLEDGED;
        acknowledgedBy = by;
        this.note = note;
        acknowledgedAt = at;
    }

    void resolve(long at, String why) {
        state = AlertState.RESOLVED;
        resolvedAt = at;
        resolution = why;
    }

    /** Back to active within the hold-down: the same episode, so its acknowledgement stands. */
    void reopen() {
        state = acknowledgedBy != null ? AlertState.ACKNOWLEDGED : escalated ? AlertState.ESCALATED : AlertState.RAISED;
        resolvedAt = 0;
        resolution = null;
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject()
                .put("id", id)
                .put("unit", unit)
                .put("bed", bed)
                .put("kind", kind.name())
                .put("severity", severity.name())
                .put("state", state.name())
                .put("escalated", escalated)
                .put("detail", detail)
                .put("raisedAt", iso(raisedAt));
        if (escalated) {
            j.put("escalatedAt", iso(escalatedAt));
        }
        if (acknowledgedBy != null) {
            j.put("acknowledgedBy", acknowledgedBy).put("acknowledgedAt", iso(acknowledgedAt));
            if (note != null) {
                j.put("note", note);
            }
        }
        if (state == AlertState.RESOLVED) {
            j.put("resolvedAt", iso(resolvedAt)).put("resolution", resolution);
        }
        return j;
    }

    private static String iso(long t) {
        return Instant.ofEpochMilli(t).toString();
    }
}
