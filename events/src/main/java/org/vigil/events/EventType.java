package org.vigil.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Every record kind the journal holds. The wire types are what senders post; the internal ones are
 * written by the server itself (a clock tick that fired deadlines, an acknowledgement made through the
 * API) so that replaying the journal rebuilds exactly the state that was live.
 */
public enum EventType {
    ADMISSION("admission"),
    TRANSFER("transfer"),
    DISCHARGE("discharge"),
    OBSERVATION("observation"),
    DOSE_SCHEDULED("doseScheduled"),
    DOSE_OUTCOME("doseOutcome"),
    ASSESSMENT("assessment"),
    STAFFING("staffing"),
    FLAG("flag"),
    RESTORE2("restore2"),
    CONCERN("concern"),
    PULSE("pulse"),
    /** Internal: the wall clock moved the engine clock and fired deadlines. */
    TICK("tick", true),
    /** Internal: an alert acknowledged through the API. */
    ALERT_ACK("alertAck", true),
    // New types are appended here, never inserted: the journal stores the ordinal.
    /** Internal: an acknowledgement undone, within the policy's window, by the screen that made it. */
    ALERT_ACK_UNDO("alertAckUndo", true),
    /** Internal: a responder took an alert on (first acceptance wins). */
    ALERT_ACCEPT("alertAccept", true),
    /** Internal: a responder declined an alert, with a reason. */
    ALERT_DECLINE("alertDecline", true),
    /** Internal: a responder decided not to escalate, with a reason, pausing re-notification for a while. */
    ALERT_NOT_ESCALATING("alertNotEscalating", true),
    /** A care-home resident's stay ended (moved to hospital, died, left). */
    RESIDENT_DISCHARGED("residentDischarged"),
    /** Martha's rule daily ask: a patient or their family was asked how they are, with the answer. */
    MARTHAS_RULE_ASK("marthasRuleAsk"),
    /** A sepsis screen recorded for a patient (NICE NG51), with its outcome. */
    SEPSIS_SCREEN("sepsisScreen"),
    /**
     * Internal: the audit trail — who read patient-level data, looked at the walls as they were, or answered an
     * alert through the API, and what they were answered. Its time is the wall clock, not event time: it never
     * moves the engine clock and changes no clinical state ({@link #changesState()}).
     */
    AUDIT("audit", true, false),
    /**
     * The place a patient administration system now gives for a patient (HL7 A08, "update patient information"):
     * moves a patient the census has admitted to that unit and bed, and never admits one. An A08 is sent for a
     * patient's details, after discharge as before: taken as a transfer, it re-admitted discharged patients
     * (found by an independent audit of the gateway).
     */
    PLACE_UPDATE("placeUpdate");

    private static final Map<String, EventType> BY_WIRE_NAME = new HashMap<>();

    static {
        for (EventType t : values()) {
            if (!t.internal) {
                BY_WIRE_NAME.put(t.wireName, t);
            }
        }
    }

    private final String wireName;
    private final boolean internal;
    private final boolean changesState;

    EventType(String wireName) {
        this(wireName, false, true);
    }

    EventType(String wireName, boolean internal) {
        this(wireName, internal, true);
    }

    EventType(String wireName, boolean internal, boolean changesState) {
        this.wireName = wireName;
        this.internal = internal;
        this.changesState = changesState;
    }

    public String wireName() {
        return wireName;
    }

    public boolean internal() {
        return internal;
    }

    /**
     * Whether the record belongs to the clinical state: false for the audit trail, which every state (the engine's,
     * a follower's, a scratch state of time travel) passes over without moving its clock.
     */
    public boolean changesState() {
        return changesState;
    }

    /** The wire type for a name a sender may post, or null: internal types are never accepted from outside. */
    public static EventType fromWire(String name) {
        return BY_WIRE_NAME.get(name);
    }
}
