package org.vigil.events;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Schema v1: turns posted JSON into {@link Event}s, or rejects with the field and the reason. Thread-safe; the
 * server calls it on its event loops, before anything reaches the engine.
 */
public final class EventParser {
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_BED_LENGTH = 16;
    public static final int MAX_TEXT_LENGTH = 128;
    /** Sender clocks drift; a time further ahead than this is a sender fault, not a fact to act on. */
    public static final long MAX_FUTURE_MILLIS = 5 * 60_000L;
    /**
     * 2000-01-01T00:00:00Z: nothing Vigil watches happened before it, and a device or interface whose clock was never
     * set reads 1970-01-01 (the Unix epoch) or 1900/0001 (empty date fields). Taken as a real time, such a set is
     * "late" and silently changes nothing, or starts deadlines already decades overdue; refused, the sender hears
     * of its clock fault at once. On either clock: it is as wrong in a replay as live.
     */
    public static final long MIN_TIME_MILLIS = 946_684_800_000L;
    /**
     * How many days after its event's {@code time} a schedule or roster the event carries may lie (a dose's
     * {@code dueAt}, a staffing return's {@code date}). Real ones come at most weeks ahead (a dose due next week; a
     * rota, which NHS Improvement's "Rostering good practice" (2016) asks to be approved six weeks ahead), so six
     * weeks. Further ahead is a typing or interface fault — a mistyped year, an "open-ended" 9999-12-31 — and was
     * journaled and held for ever: a shift of 9999 waiting in the staffing rule, a dose due in 2200 in the medicines
     * rule, in every state snapshot (found by an independent audit). The board's daily series ignore a fact dated
     * further ahead of a unit's today by the same bound, and on event time an event's {@code time} may lie no further
     * after the server's clock: a replay or a simulation moves on, it does not leap.
     */
    public static final int MAX_AHEAD_DAYS = 42;
    private static final long MAX_AHEAD_MILLIS = MAX_AHEAD_DAYS * 86_400_000L;

    /** Physiological ranges: a value outside them is a recording error (e.g. °F for °C), never scored. */
    public static final double RR_MIN = 0, RR_MAX = 80;
    public static final double SPO2_MIN = 0, SPO2_MAX = 100;
    public static final double SBP_MIN = 0, SBP_MAX = 300;
    public static final double PULSE_MIN = 0, PULSE_MAX = 300;
    public static final double TEMP_MIN = 25, TEMP_MAX = 45;
    /**
     * Readings that only decide air or oxygen (an event keeps "onOxygen"), so the edges that receive them (FHIR,
     * HL7) check them. Oxygen flow, L/min: high-flow nasal oxygen, the most a ward gives, delivers up to 60 L/min
     * (Annual Update in Intensive Care and Emergency Medicine 2017, "High-flow nasal cannula oxygen therapy",
     * PMC5359952); 80 leaves the newest devices (70) a margin, and refuses a slipped digit or mL/min sent as L/min.
     * A negative flow is not a reading: scored, it would be air. FiO2, %: from room air's 21 to pure oxygen; below
     * 21 is a fraction sent as a percentage (0.28 for 28 %), which would otherwise read as air.
     */
    public static final double OXYGEN_FLOW_MIN = 0, OXYGEN_FLOW_MAX = 80;
    public static final double FIO2_MIN = 21, FIO2_MAX = 100;

    public static final List<String> VITALS_FIELDS = List.of(
            "respirationRate", "spo2", "spo2Scale", "onOxygen", "systolicBp", "pulse", "consciousness", "temperature");
    private static final Set<String> ENVELOPE = Set.of("id", "type", "time", "unit");
    private static final Map<EventType, Set<String>> FIELDS = new EnumMap<>(EventType.class);

    static {
        fields(EventType.ADMISSION, "patient", "bed", "age");
        fields(EventType.TRANSFER, "patient", "bed", "age");
        fields(EventType.DISCHARGE, "patient", "bed", "age");
        fields(EventType.PLACE_UPDATE, "patient", "bed", "age");
        fields(EventType.OBSERVATION, VITALS_FIELDS, "patient");
        fields(EventType.DOSE_SCHEDULED, "doseId", "patient", "medicine", "critical", "medicineClass", "dueAt");
        fields(EventType.DOSE_OUTCOME, "doseId", "patient", "outcome", "reason");
        fields(EventType.ASSESSMENT, "patient", "kind", "completed");
        fields(EventType.STAFFING, "date", "shift", "registeredPlanned", "registeredActual", "unregisteredPlanned",
                "unregisteredActual");
        fields(EventType.FLAG, "patient", "flag", "active");
        fields(EventType.RESTORE2, VITALS_FIELDS, "resident", "softSigns", "baseline");
        fields(EventType.CONCERN, "patient", "raisedBy");
        fields(EventType.PULSE, "rating");
        fields(EventType.RESIDENT_DISCHARGED, "resident", "reason");
        fields(EventType.MARTHAS_RULE_ASK, "patient", "asked", "answer");
        fields(EventType.SEPSIS_SCREEN, "patient", "outcome");
    }

    private static void fields(EventType type, String... names) {
        fields(type, List.of(), names);
    }

    private static void fields(EventType type, List<String> more, String... names) {
        Set<String> all = new HashSet<>(ENVELOPE);
        all.addAll(more);
        Collections.addAll(all, names);
        FIELDS.put(type, Set.copyOf(all));
    }

    /** The event-time clock of a server that has seen no event yet. */
    public static final long NOT_STARTED = Long.MIN_VALUE;

    private final UnitDirectory units;
    private final Clock clock;
    private final boolean rejectFuture;
    private final LongSupplier eventClock;

    /**
     * @param rejectFuture false when the server runs on event time (replays, accelerated simulation), where a
     *                     "future" time is the simulated present rather than a clock fault
     */
    public EventParser(UnitDirectory units, Clock clock, boolean rejectFuture) {
        this(units, clock, rejectFuture, () -> NOT_STARTED);
    }

    /**
     * @param eventClock on event time, the server's clock (the latest event time it has applied, {@link #NOT_STARTED}
     *                   before the first): a time more than {@link #MAX_AHEAD_DAYS} after it is refused. A replay or
     *                   simulation moves on continuously; one record dated 9999 moved the clock eight thousand years
     *                   at once and held the engine thread firing every day's deadlines in between, every request
     *                   waiting (found by an independent audit)
     */
    public EventParser(UnitDirectory units, Clock clock, boolean rejectFuture, LongSupplier eventClock) {
        this.units = units;
        this.clock = clock;
        this.rejectFuture = rejectFuture;
        this.eventClock = eventClock;
    }

    /** One JSON event. */
    public Event parse(byte[] json) throws InvalidEventException {
        return parse(json, 0, json.length);
    }

    public Event parse(byte[] buf, int offset, int length) throws InvalidEventException {
        return toEvent(JsonFields.parse(buf, offset, length), eventClock.getAsLong());
    }

    /** An NDJSON batch: one event per line, blank lines ignored; a rejection carries the event's index. */
    public List<Event> parseBatch(byte[] buf, int maxEvents) throws InvalidEventException {
        List<Event> events = new ArrayList<>();
        long latest = eventClock.getAsLong();
        int start = 0;
        while (start < buf.length) {
            int end = start;
            while (end < buf.length && buf[end] != '\n') {
                end++;
            }
            if (!blank(buf, start, end)) {
                if (events.size() == maxEvents) {
                    throw new BatchTooLargeException(maxEvents);
                }
                try {
                    Event e = toEvent(JsonFields.parse(buf, start, end - start), latest);
                    latest = Math.max(latest, e.time()); // a batch may move on as far as its events before
                    events.add(e);
                } catch (InvalidEventException e) {
                    throw e.at(events.size());
                }
            }
            start = end + 1;
        }
        if (events.isEmpty()) {
            throw new InvalidEventException(null, "no events in the body");
        }
        return events;
    }

    private static boolean blank(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * An instant from 2000 on ({@link #MIN_TIME_MILLIS}): an event's time, and a dose's due time too (found by an
     * independent check: a critical dose due "1970-01-01" was accepted, counted nowhere and never alerted).
     */
    private static long sinceY2k(JsonFields f, String name) throws InvalidEventException {
        return fromY2k(name, f.instant(name), "T00:00:00Z: a sender clock fault (an unset clock reads 1970)");
    }

    /** {@code t} when it is from 2000 on; else refused naming the field, {@code fault} saying what an early one is. */
    private static long fromY2k(String name, long t, String fault) throws InvalidEventException {
        if (t < MIN_TIME_MILLIS) {
            throw new InvalidEventException(name, "before 2000-01-01" + fault);
        }
        return t;
    }

    /** A dose's due time: from 2000 on, and at most {@link #MAX_AHEAD_DAYS} after the event's {@code time}. */
    private static long dueAt(JsonFields f, long time) throws InvalidEventException {
        return notTooFarAhead("dueAt", sinceY2k(f, "dueAt"), time);
    }

    /**
     * A roster's date: its start (midnight UTC) within the bounds of a time, from 2000 on and at most
     * {@link #MAX_AHEAD_DAYS} after the event's {@code time}. A return for 0001-01-01 or 9999-12-31 is a fault.
     */
    private static String rosterDate(JsonFields f, long time) throws InvalidEventException {
        LocalDate date = f.date("date");
        long start = fromY2k("date", date.toEpochDay() * 86_400_000L,
                ": a sender clock fault (an empty date reads 0001-01-01)");
        notTooFarAhead("date", start, time);
        return date.toString();
    }

    private static long notTooFarAhead(String name, long t, long time) throws InvalidEventException {
        if (t > time + MAX_AHEAD_MILLIS) {
            throw new InvalidEventException(name, "more than " + MAX_AHEAD_DAYS + " days after the event's time:"
                    + " a typing or interface fault, not a schedule");
        }
        return t;
    }

    /** {@code latest}: on event time, the latest event time before this one ({@link #NOT_STARTED}: none). */
    private Event toEvent(JsonFields f, long latest) throws InvalidEventException {
        String id = f.string("id", MAX_ID_LENGTH);
        String typeName = f.string("type", MAX_ID_LENGTH);
        EventType type = EventType.fromWire(typeName);
        if (type == null) {
            throw new InvalidEventException("type", "unknown type '" + typeName + "'");
        }
        try {
            f.requireOnly(FIELDS.get(type));
            long time = sinceY2k(f, "time");
            if (rejectFuture && time > clock.millis() + MAX_FUTURE_MILLIS) {
                throw new InvalidEventException("time", "more than 5 minutes in the future");
            }
            if (!rejectFuture && latest != NOT_STARTED && time > latest + MAX_AHEAD_MILLIS) {
                throw new InvalidEventException("time", "more than " + MAX_AHEAD_DAYS + " days after the server's"
                        + " event-time clock (" + Instant.ofEpochMilli(latest) + "): a replay or"
                        + " simulation moves on, it does not leap");
            }
            String unit = f.string("unit", MAX_ID_LENGTH);
            if (!units.exists(unit)) {
                throw new InvalidEventException("unit", "unknown unit '" + unit + "'");
            }
            return new Event(id, type, time, unit, payload(type, f, time));
        } catch (InvalidEventException e) {
            throw e.of(type);
        }
    }

    private static Payload payload(EventType type, JsonFields f, long time) throws InvalidEventException {
        return switch (type) {
            case ADMISSION, TRANSFER, PLACE_UPDATE -> new Payload.Movement(patient(f, "patient"), f.string("bed", MAX_BED_LENGTH), age(f));
            case DISCHARGE -> new Payload.Movement(patient(f, "patient"), f.optionalString("bed", MAX_BED_LENGTH), age(f));
            case OBSERVATION -> new Payload.Observation(patient(f, "patient"), vitals(f));
            case DOSE_SCHEDULED -> new Payload.DoseScheduled(f.string("doseId", MAX_ID_LENGTH), patient(f, "patient"),
                    f.words("medicine", MAX_TEXT_LENGTH), f.bool("critical"),
                    f.optionalString("medicineClass", MAX_ID_LENGTH), dueAt(f, time));
            case DOSE_OUTCOME -> doseOutcome(f);
            case ASSESSMENT -> new Payload.Assessment(patient(f, "patient"), f.enumValue("kind", AssessmentKind.class),
                    f.bool("completed"));
            case STAFFING -> new Payload.Staffing(rosterDate(f, time), f.enumValue("shift", Shift.class),
                    heads(f, "registeredPlanned"), heads(f, "registeredActual"),
                    heads(f, "unregisteredPlanned"), heads(f, "unregisteredActual"));
            case FLAG -> new Payload.Flag(patient(f, "patient"), f.enumValue("flag", PatientFlag.class), f.bool("active"));
            case RESTORE2 -> restore2(f);
            case CONCERN -> new Payload.Concern(patient(f, "patient"), f.enumValue("raisedBy", RaisedBy.class));
            case PULSE -> new Payload.Pulse(f.integer("rating", 1, 5));
            case RESIDENT_DISCHARGED -> new Payload.ResidentDischarged(patient(f, "resident"),
                    f.enumValue("reason", ResidentDischargeReason.class));
            case MARTHAS_RULE_ASK -> new Payload.MarthasRuleAsk(patient(f, "patient"),
                    f.enumValue("asked", DailyAskRespondent.class), f.enumValue("answer", DailyAskAnswer.class));
            case SEPSIS_SCREEN -> new Payload.SepsisScreen(patient(f, "patient"),
                    f.enumValue("outcome", SepsisScreenOutcome.class));
            case TICK, ALERT_ACK, ALERT_ACK_UNDO, ALERT_ACCEPT, ALERT_DECLINE, ALERT_NOT_ESCALATING, AUDIT ->
                    throw new IllegalStateException("internal type " + type);
        };
    }

    private static Payload doseOutcome(JsonFields f) throws InvalidEventException {
        String doseId = f.string("doseId", MAX_ID_LENGTH);
        String patient = patient(f, "patient");
        DoseResult outcome = f.enumValue("outcome", DoseResult.class);
        OmissionReason reason = f.optionalEnum("reason", OmissionReason.class);
        if (outcome == DoseResult.GIVEN) {
            reason = null;
        } else if (reason == null) {
            reason = OmissionReason.NO_REASON;
        }
        return new Payload.DoseOutcome(doseId, patient, outcome, reason);
    }

    private static Payload restore2(JsonFields f) throws InvalidEventException {
        String resident = patient(f, "resident");
        List<SoftSign> softSigns = f.enumList("softSigns", SoftSign.class);
        boolean anyVitals = false;
        for (String name : VITALS_FIELDS) {
            anyVitals |= !name.equals("spo2Scale") && f.has(name);
        }
        Vitals vitals = anyVitals ? vitals(f) : null;
        if (vitals == null && softSigns.isEmpty()) {
            throw new InvalidEventException("softSigns", "a restore2 event needs soft signs, a full set of observations, or both");
        }
        boolean baseline = f.has("baseline") && f.bool("baseline");
        if (baseline && vitals == null) {
            throw new InvalidEventException("baseline", "a baseline needs a full set of observations");
        }
        return new Payload.Restore2(resident, softSigns, vitals, baseline);
    }

    /**
     * A full set of NEWS2 observations. {@code spo2Scale} defaults to 1: the RCP reserves Scale 2 for a recorded
     * clinical decision, so its absence means Scale 1. Every other field is required.
     */
    public static Vitals vitals(JsonFields f) throws InvalidEventException {
        double rr = f.number("respirationRate", RR_MIN, RR_MAX);
        double spo2 = f.number("spo2", SPO2_MIN, SPO2_MAX);
        int scale = f.optionalInteger("spo2Scale", 1, 2, 1);
        boolean onOxygen = f.bool("onOxygen");
        double sbp = f.number("systolicBp", SBP_MIN, SBP_MAX);
        double pulse = f.number("pulse", PULSE_MIN, PULSE_MAX);
        Consciousness acvpu = f.enumValue("consciousness", Consciousness.class);
        double temp = f.number("temperature", TEMP_MIN, TEMP_MAX);
        return new Vitals(rr, spo2, scale, onOxygen, sbp, pulse, acvpu, temp);
    }

    /** The body of a scoring request: the NEWS2 fields and nothing else. */
    public static Vitals parseVitals(byte[] json) throws InvalidEventException {
        JsonFields f = JsonFields.parse(json, 0, json.length);
        f.requireOnly(Set.copyOf(VITALS_FIELDS));
        return vitals(f);
    }

    private static String patient(JsonFields f, String name) throws InvalidEventException {
        return f.string(name, MAX_ID_LENGTH);
    }

    private static int age(JsonFields f) throws InvalidEventException {
        return f.optionalInteger("age", 0, 130, -1);
    }

    private static int heads(JsonFields f, String name) throws InvalidEventException {
        return f.integer(name, 0, 500);
    }

    /** More events in one request than the configured limit: answered 413, not 400. */
    public static final class BatchTooLargeException extends InvalidEventException {
        public BatchTooLargeException(int max) {
            super(null, "more than " + max + " events in one request");
        }
    }
}
