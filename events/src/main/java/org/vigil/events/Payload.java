package org.vigil.events;

import java.util.List;

/** The typed body of each event type; see DESIGN.md "Wire schema v1". */
public sealed interface Payload {

    /** admission, transfer, discharge. {@code age} in years, or -1 when the feed does not give it. */
    record Movement(String patient, String bed, int age) implements Payload {}

    /** observation: one full set of NEWS2 vital signs. */
    record Observation(String patient, Vitals vitals) implements Payload {}

    /** doseScheduled. {@code medicineClass} selects the grace window in policy (e.g. PARKINSONS); may be null. */
    record DoseScheduled(String doseId, String patient, String medicine, boolean critical, String medicineClass,
                         long dueAt) implements Payload {}

    /** doseOutcome. {@code reason} is null when the dose was given. */
    record DoseOutcome(String doseId, String patient, DoseResult outcome, OmissionReason reason) implements Payload {}

    /** assessment. */
    record Assessment(String patient, AssessmentKind kind, boolean completed) implements Payload {}

    /** staffing: heads per staff group for one shift of one day (the ward's local date). */
    record Staffing(String date, Shift shift, int registeredPlanned, int registeredActual,
                    int unregisteredPlanned, int unregisteredActual) implements Payload {}

    /** flag. */
    record Flag(String patient, PatientFlag flag, boolean active) implements Payload {}

    /**
     * restore2: soft signs, and a full set of vitals or none (RESTORE2mini). {@code baseline} marks the set as the
     * resident's "normal" NEWS2, against which later sets are judged.
     */
    record Restore2(String resident, List<SoftSign> softSigns, Vitals vitals, boolean baseline) implements Payload {
        public Restore2 {
            softSigns = List.copyOf(softSigns);
        }
    }

    /** concern (Martha's rule). */
    record Concern(String patient, RaisedBy raisedBy) implements Payload {}

    /** pulse: a process-reliability rating 1–5 from ward staff. */
    record Pulse(int rating) implements Payload {}

    /** residentDischarged: the resident's stay in the care home ended, and why. */
    record ResidentDischarged(String resident, ResidentDischargeReason reason) implements Payload {}

    /** marthasRuleAsk: who was asked how the patient is (Martha's rule, component 3), and the answer. */
    record MarthasRuleAsk(String patient, DailyAskRespondent asked, DailyAskAnswer answer) implements Payload {}

    /** sepsisScreen: a sepsis screen was completed for the patient, with its outcome (NICE NG51). */
    record SepsisScreen(String patient, SepsisScreenOutcome outcome) implements Payload {}

    /** Internal: the clock advanced to the event's time. */
    record Tick() implements Payload {
        public static final Tick INSTANCE = new Tick();
    }

    /**
     * Internal: a person's answer to an alert, made through the API and journaled before it is applied, so replay
     * rebuilds every alert's history. Who may make it was decided when it was made; replay does not ask again.
     */
    sealed interface AlertCommand extends Payload {
        String alertId();
    }

    /**
     * Internal: an alert acknowledged by {@code by} (initials or name) in {@code role}, with an optional note;
     * {@code token} names the token that made it (only that token may undo it). Journals before format 2 hold
     * neither role nor token (null).
     */
    record AlertAck(String alertId, String by, String role, String note, String token) implements AlertCommand {}

    /** Internal: the acknowledgement made by {@code token} undone. */
    record AlertAckUndo(String alertId, String token) implements AlertCommand {}

    /** Internal: {@code by}, responding as {@code role}, took the alert on. */
    record AlertAccept(String alertId, String by, String role) implements AlertCommand {}

    /** Internal: {@code by}, responding as {@code role}, declined the alert for {@code reason}. */
    record AlertDecline(String alertId, String by, String role, String reason) implements AlertCommand {}

    /**
     * Internal: {@code by}, responding as {@code role}, decided not to escalate for {@code reason} (e.g. an
     * end-of-life care plan); re-notification pauses for {@code minutes}.
     */
    record AlertNotEscalating(String alertId, String by, String role, String reason, int minutes)
            implements AlertCommand {}

    /**
     * Internal: one entry of the audit trail (docs/security.md § Audit trail), journaled before the request it
     * records is answered.
     *
     * @param who     the token's grant name (never the token)
     * @param method  the HTTP method
     * @param path    the request path, without its query
     * @param query   the query string as sent (e.g. {@code at=…}), or null
     * @param units   the units whose data the answer held (or would have held), in organisation order
     * @param patient the patient's or resident's pseudonymous id when the request was about one, else null
     * @param status  the HTTP status answered
     */
    record Audit(String who, String method, String path, String query, List<String> units, String patient,
                 int status) implements Payload {
        public Audit {
            units = List.copyOf(units);
        }
    }
}
