package org.vigil.server.medicines;

import org.vigil.events.DoseResult;
import org.vigil.events.OmissionReason;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;

import java.time.LocalDate;

/**
 * One prescribed administration as the ePMA last described it (the latest {@code doseScheduled} by event time)
 * and what became of it (the latest {@code doseOutcome} by event time). Engine thread only.
 */
final class ScheduledDose {
    static final long NONE = Long.MIN_VALUE;

    final String doseId;

    // the schedule
    String patient;
    String medicine;
    boolean critical;
    String medicineClass;
    /** Of a class with its own grace window in policy (e.g. PARKINSONS): time-critical. */
    boolean timeCritical;
    long dueAt;
    long scheduledAt = NONE;
    /** The unit whose count the dose is in: where it is to be given, or where it was given or missed. */
    String unit;
    /** The unit's local calendar day of {@link #dueAt}: the "today" the dose belongs to. */
    LocalDate day;
    /** The last instant the dose is still on time: due time + the policy's grace window for its class. */
    long graceEndsAt;

    // the outcome
    DoseResult outcome;
    OmissionReason reason;
    long outcomeAt = NONE;

    // what the clock and the census have said
    /** The engine clock is past {@link #graceEndsAt}. */
    boolean windowPassed;
    /** When the patient was discharged, or {@link #NONE}: doses due after it are cancelled. */
    long dischargedAt = NONE;
    /** NICE SG1 red flag 1 already reported for this dose: it is reported once. */
    boolean redFlagged;
    /** The unit of this dose's active CRITICAL_DOSE_MISSED alert (alerts follow the patient), or null. */
    String alertUnit;
    long windowDeadline = Deadlines.NONE;
    long expiry = Deadlines.NONE;

    ScheduledDose(String doseId) {
        this.doseId = doseId;
    }

    /** For a state snapshot: every field, deadline ids included (a restored wheel gives them back). */
    void write(SnapshotOut out) {
        out.writeString(doseId);
        out.writeString(patient);
        out.writeString(medicine);
        out.writeBoolean(critical);
        out.writeString(medicineClass);
        out.writeBoolean(timeCritical);
        out.writeLong(dueAt);
        out.writeLong(scheduledAt);
        out.writeString(unit);
        out.writeDate(day);
        out.writeLong(graceEndsAt);
        out.writeEnum(outcome);
        out.writeEnum(reason);
        out.writeLong(outcomeAt);
        out.writeBoolean(windowPassed);
        out.writeLong(dischargedAt);
        out.writeBoolean(redFlagged);
        out.writeString(alertUnit);
        out.writeLong(windowDeadline);
        out.writeLong(expiry);
    }

    static ScheduledDose read(SnapshotIn in) {
        ScheduledDose d = new ScheduledDose(in.readString());
        d.patient = in.readString();
        d.medicine = in.readString();
        d.critical = in.readBoolean();
        d.medicineClass = in.readString();
        d.timeCritical = in.readBoolean();
        d.dueAt = in.readLong();
        d.scheduledAt = in.readLong();
        d.unit = in.readString();
        d.day = in.readDate();
        d.graceEndsAt = in.readLong();
        d.outcome = in.readEnum(DoseResult.values());
        d.reason = in.readEnum(OmissionReason.values());
        d.outcomeAt = in.readLong();
        d.windowPassed = in.readBoolean();
        d.dischargedAt = in.readLong();
        d.redFlagged = in.readBoolean();
        d.alertUnit = in.readString();
        d.windowDeadline = in.readLong();
        d.expiry = in.readLong();
        if (d.doseId == null || d.patient == null || d.unit == null || d.day == null) {
            throw new SnapshotIn.Corrupt("a dose without an id, patient, unit or day");
        }
        return d;
    }

    /** Due after the patient left: it will never be given here, so it is neither due nor missed. */
    boolean cancelled() {
        return dischargedAt != NONE && dueAt > dischargedAt;
    }

    /** Still waiting for an outcome within its window: such a dose follows the patient to another ward. */
    boolean open() {
        return outcome == null && !windowPassed && !cancelled();
    }

    /**
     * "Missed" as the reference ward dashboard counts it (reference/medicines.md, after NPSA/2010/RRR009): omitted
     * with NOT_AVAILABLE or NO_REASON (an omission without a reason is treated as NO_REASON), or no outcome
     * recorded once due time + grace has passed. Other recorded reasons (nil by mouth, refused, away, clinical
     * hold) are planned or accounted-for omissions, and a GIVEN outcome, however late, is not an omission.
     */
    boolean missed() {
        if (cancelled()) {
            return false;
        }
        if (outcome == null) {
            return windowPassed;
        }
        return outcome == DoseResult.OMITTED && (reason == null || reason.countsAsMissed());
    }

    /**
     * Given after its window: due time + grace has passed when the administration was recorded as given (its
     * event time, not its arrival). NPSA/2010/RRR009 makes a delayed critical dose a reportable incident, as an
     * omission is. Strictly after: a dose given at exactly due + grace is on time.
     */
    boolean delayed() {
        return !cancelled() && outcome == DoseResult.GIVEN && outcomeAt > graceEndsAt;
    }

    /**
     * A time-critical dose (Parkinson's UK, Get It On Time) omitted because the patient is nil by mouth. Not
     * "missed" by the dashboard's definition (it is an accounted-for omission), but the known harm of stopping
     * Parkinson's medicines while nil by mouth means it is counted and shown on its own, never dropped.
     */
    boolean timeCriticalNilByMouth() {
        return !cancelled() && timeCritical && outcome == DoseResult.OMITTED && reason == OmissionReason.NIL_BY_MOUTH;
    }
}
