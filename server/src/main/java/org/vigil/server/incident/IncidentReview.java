package org.vigil.server.incident;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.clinical.news2.News2;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.ShiftKey;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.api.ApiJson;
import org.vigil.server.census.Patient;
import org.vigil.server.engine.UnitIdentity;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.history.AsAt;
import org.vigil.server.history.ScratchReplay;
import org.vigil.server.kernel.EngineClock;
import org.vigil.server.medicines.ChartedDose;
import org.vigil.server.rules.EngineState;
import org.vigil.server.staffing.ShiftSummary;
import org.vigil.server.staffing.StaffingSummary;
import org.vigil.server.wall.WardRiskScore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One patient episode on one unit for an incident review (PSIRF after-action review), gathered while a scratch
 * state is replayed across the period ({@link ScratchReplay.Observer}): observations with their NEWS2 scores and
 * parameter scores, the patient's movements, doses due with what became of them, the patient's alerts with every
 * transition and who acted, the ward's staffing on each shift of the period, and — at each alert's raising — the
 * raising ward's risk score and rank among its trust's wards, as the executive wall showed them at that instant.
 * Pseudonymous id and bed only: Vigil holds no name or NHS number. Confined to the time-travel worker that replays
 * it.
 */
final class IncidentReview implements ScratchReplay.Observer {
    private final Organisation org;
    private final Unit unit;
    private final String patient;
    private final long from;
    private final MonitoringFrequency frequency;
    private final JsonArray observations = new JsonArray();
    private final JsonArray movements = new JsonArray();
    /**
     * The patient's doses as the medicines rule last held them, by id, in the order first seen: read from it at the
     * replay's origin and after every record about the patient's doses or movements, so the review says what the
     * rule counted (where a dose was to be given, or given or missed) whatever snapshot the replay starts from (a
     * review found two origins giving two answers when the events were read instead). Kept after the rule forgets
     * a dose, two days after it was due.
     */
    private final Map<String, ChartedDose> doses = new LinkedHashMap<>();
    /** The doses a missed-dose alert was raised for. */
    private final Set<String> missedAlerts = new HashSet<>();
    /**
     * Alert id → the ward's risk position at its raising (or re-opening), for every alert of the patient's seen; for
     * an alert raised before the replay, when the review first saw it.
     */
    private final Map<String, JsonObject> raisedAt = new HashMap<>();
    /**
     * The alerts raised at the instant the replay's clock stands at, with the ward each was raised on: their positions
     * are taken as the clock leaves the instant ({@link #settle}).
     */
    private final Map<String, Unit> raising = new LinkedHashMap<>();
    /**
     * The alerts of the review (active when the period began, or with a transition in it), by id. The alert itself
     * is kept: the book forgets a resolved alert after a day, but the review covers up to seven, so each is
     * rendered from the object the replay kept updating.
     */
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private boolean periodBegun;
    /** Each shift's latest figures seen, in shift order. */
    private final Map<ShiftKey, JsonObject> shifts = new TreeMap<>();

    private String bed;
    /** Whether the patient is on the unit as the replay stands: a transfer elsewhere is then their leaving it. */
    private boolean here;
    /** Their bed there as the replay stands (null when not here, or without one). */
    private String censusBed;

    IncidentReview(Organisation org, Unit unit, String patient, long from) {
        this.org = org;
        this.unit = unit;
        this.patient = patient;
        this.from = from;
        this.frequency = org.policies().observations().frequency();
    }

    /**
     * Every transition of the patient's alerts on the unit, as it happens: an alert raised and resolved between two
     * records about the ward — by a deadline while another unit's event moved the clock, or within one record (a
     * late set raises the overdue alert at its due instant and resolves it) — is in the review too. The risk
     * position is the one the executive wall showed at the raising's instant: taken as the clock leaves it.
     */
    @Override
    public void replaying(EngineState state) {
        seeCensus(state); // as the replay's origin has it
        state.onClockLeaving(instant -> settle(state));
        followDoses(state); // charted before the origin, due in the period
        state.alerts().onTransition((a, t) -> {
            if (!patient.equals(a.patient())) {
                return;
            }
            // on whichever ward it was raised, so an alert the patient brings in on a transfer has the position of
            // the ward it was raised on then (found by an independent check: it had the receiving ward's, taken
            // when the transfer came)
            if ((t.type() == AlertTransition.Type.RAISED || t.type() == AlertTransition.Type.REOPENED)
                    && !raisedAt.containsKey(a.id())) {
                raising.putIfAbsent(a.id(), org.unit(a.unit()));
            }
            if (unit.id().equals(a.unit()) && t.at() >= from) {
                see(a, state);
            }
        });
    }

    @Override
    public void applied(Event e, EngineState state) {
        Payload p = e.payload();
        boolean wasHere = here;
        String bedWas = censusBed;
        // as the census has it after the record: it ignores a movement older than the patient's last, or a discharge
        // naming another unit, which must not read as their leaving
        seeCensus(state);
        if (aboutThePatientsDoses(e)) { // before the period too: a dose is the period's by when it is due
            followDoses(state);
        }
        if (e.time() < from) {
            return;
        }
        begin(state);
        String at = Instant.ofEpochMilli(e.time()).toString();
        if (!unit.id().equals(e.unit()) && e.unit() != null) {
            // A transfer is the receiving unit's event: the review of the unit left still shows where they went
            // (found by an independent check: it ended at their last set, as if they were still there).
            if (p instanceof Payload.Movement m && patient.equals(m.patient()) && wasHere && !here) {
                movements.add(new JsonObject().put("at", at).put("type", e.type().wireName()).put("bed", null)
                        .put("to", e.unit()));
            }
            return;
        }
        if (p instanceof Payload.Observation o && patient.equals(o.patient())) {
            observations.add(new JsonObject().put("at", at).put("vitals", vitals(o.vitals()))
                    .put("news2", ApiJson.news2(News2.score(o.vitals()), frequency)));
        } else if (p instanceof Payload.Movement m && patient.equals(m.patient()) && moved(e.type(), wasHere, bedWas)) {
            if (e.type() != EventType.DISCHARGE) { // a discharge's bed is ignored (docs/events.md): the one left
                bed = m.bed() != null ? m.bed() : bed;
            }
            movements.add(new JsonObject().put("at", at).put("type", e.type().wireName())
                    .put("bed", e.type() == EventType.DISCHARGE ? bed : m.bed()));
        } else if (p instanceof Payload.ResidentDischarged r && patient.equals(r.resident())) {
            // the home closed the stay (hospital, died, left): the review says so and why
            movements.add(new JsonObject().put("at", at).put("type", e.type().wireName()).put("bed", null)
                    .put("reason", r.reason().name()));
        } else if (p instanceof Payload.Restore2 r && patient.equals(r.resident())) {
            // a care home's observations: the set (when taken) with its NEWS2, and the soft signs
            JsonObject set = new JsonObject().put("at", at)
                    .put("vitals", r.vitals() == null ? null : vitals(r.vitals()))
                    .put("news2", r.vitals() == null ? null : ApiJson.news2(News2.score(r.vitals()), frequency));
            JsonArray signs = new JsonArray();
            r.softSigns().forEach(sign -> signs.add(sign.name()));
            observations.add(set.put("softSigns", signs));
        }
        if (e.unit() != null || e.payload() instanceof Payload.Tick) {
            seeStaffing(state);
        }
    }

    private void seeCensus(EngineState state) {
        Patient p = state.unit(unit.id()).census().patient(patient);
        here = p != null;
        censusBed = p == null ? null : p.bed();
    }

    /**
     * Whether a movement record moved the patient as a review shows it: a place update (HL7 A08) is sent whenever a
     * patient's details change, so one the census ignored (the patient not here: it never admits; or older than
     * their last movement) or that left them in the bed they had is not a movement, as the census judges it;
     * listed, an update after discharge read as a return to the ward.
     */
    private boolean moved(EventType type, boolean wasHere, String bedWas) {
        return type != EventType.PLACE_UPDATE || here && (!wasHere || !Objects.equals(censusBed, bedWas));
    }

    /**
     * Whether the record can change what the medicines rule holds of the patient's doses: one of them charted or
     * recorded, or the patient moved (an open dose moves with them). Found by an independent check: doses charted
     * before a night's window were missing from its review, and one whose outcome came after a transfer read as
     * never recorded.
     */
    private boolean aboutThePatientsDoses(Event e) {
        return e.payload() instanceof Payload.DoseScheduled d && patient.equals(d.patient())
                || e.payload() instanceof Payload.DoseOutcome o && patient.equals(o.patient())
                || e.payload() instanceof Payload.Movement m && patient.equals(m.patient());
    }

    private void followDoses(EngineState state) {
        for (ChartedDose d : state.medicines().chart(patient)) {
            doses.put(d.doseId(), d);
        }
    }

    /** The review's doses: counted on the unit, not cancelled, due in the period; in the order first seen. */
    private JsonArray dosesDue(long to) {
        JsonArray out = new JsonArray();
        for (ChartedDose d : doses.values()) {
            if (unit.id().equals(d.unit()) && !d.cancelled() && d.dueAt() >= from && d.dueAt() <= to) {
                out.add(new JsonObject().put("doseId", d.doseId()).put("medicine", d.medicine())
                        .put("critical", d.critical()).put("medicineClass", d.medicineClass())
                        .put("dueAt", Instant.ofEpochMilli(d.dueAt()).toString())
                        .put("outcome", d.outcome() == null ? null : d.outcome().name())
                        .put("reason", d.reason() == null ? null : d.reason().name())
                        .put("recordedAt", d.outcome() == null ? null : Instant.ofEpochMilli(d.outcomeAt()).toString())
                        .put("missedAlert", missedAlerts.contains(d.doseId())));
            }
        }
        return out;
    }

    private static JsonObject vitals(org.vigil.events.Vitals v) {
        return new JsonObject().put("respirationRate", v.respirationRate()).put("spo2", v.spo2())
                .put("onOxygen", v.onOxygen()).put("systolicBp", v.systolicBp()).put("pulse", v.pulse())
                .put("consciousness", v.consciousness().name()).put("temperature", v.temperature());
    }

    /** Once, at the period's first record (or its end, with none in it): the patient's alerts active then. */
    private void begin(EngineState state) {
        if (!periodBegun) {
            periodBegun = true;
            // admitted before the period: the bed the census gives them then (movements in it update it)
            Patient p = state.unit(unit.id()).census().patient(patient);
            if (p != null && bed == null) {
                bed = p.bed();
            }
            for (Alert a : state.alerts().active(unit.id())) {
                if (patient.equals(a.patient())) {
                    see(a, state);
                }
            }
        }
    }

    /**
     * The clock leaves the instant of the alerts raised since it last moved: the ward's position now is the one the
     * executive wall shows as at that instant, with every record and deadline of the instant applied. An
     * independent check found it taken at the raising itself: half-way through the record (an overdue alert the same
     * set then resolved still counted), before the deadline's own red flag, or before other deadlines due at the
     * same instant (603 of 894 positions differed from the wall's, 163 in rank).
     */
    private void settle(EngineState state) {
        for (Map.Entry<String, Unit> r : raising.entrySet()) {
            raisedAt.put(r.getKey(), riskPosition(state, r.getValue()));
        }
        raising.clear();
    }

    /** An alert of the review; one raised before the replay has the ward's risk position now. */
    private void see(Alert a, EngineState state) {
        if (!alerts.containsKey(a.id())) {
            if (!raisedAt.containsKey(a.id()) && !raising.containsKey(a.id())) {
                raisedAt.put(a.id(), riskPosition(state, unit));
            }
            alerts.put(a.id(), a);
            if (a.kind() == AlertKind.CRITICAL_DOSE_MISSED) {
                missedAlerts.add(a.subject());
            }
        }
    }

    /**
     * The ward's risk score now and its rank among its trust's wards (1 = the wall's first tile; wards with a higher
     * score come before it, equal scores share a rank); a care home has no trust ranking.
     */
    private JsonObject riskPosition(EngineState state, Unit of) {
        if (!(of instanceof Ward w)) {
            return null;
        }
        int mine = WardRiskScore.of(UnitSnapshot.of(state, w.id(), 0)).score();
        int higher = 0;
        int wards = 0;
        for (Ward other : org.wards()) {
            if (other.trust().equals(w.trust())) {
                wards++;
                if (!other.id().equals(w.id()) && WardRiskScore.of(UnitSnapshot.of(state, other.id(), 0)).score() > mine) {
                    higher++;
                }
            }
        }
        return new JsonObject().put("at", Instant.ofEpochMilli(state.clock().now()).toString()).put("ward", w.id())
                .put("riskScore", mine).put("rank", higher + 1).put("wardsInTrust", wards);
    }

    /** The ward's shifts as its wall shows them now: those of the roster date of the shift on duty. */
    private void seeStaffing(EngineState state) {
        StaffingSummary s = state.summary(state.staffing(), unit.id(), state.today(unit.id()));
        if (s != null) {
            keep(s);
        }
    }

    private void keep(StaffingSummary s) {
        for (ShiftSummary shift : new ShiftSummary[] {s.day(), s.night()}) {
            shifts.put(new ShiftKey(shift.date(), shift.shift()), ApiJson.shift(shift));
        }
    }

    /**
     * The review as JSON, with the alerts as the state at the end of the period holds them, and the staffing of each
     * shift that overlaps the period (the shift in progress when it began, up to the one in progress when it ends).
     */
    JsonObject json(AsAt end, long to) {
        EngineState state = end.state();
        settle(state); // raised at the period's last instant: the clock stops there
        begin(state);
        JsonArray alertList = new JsonArray();
        for (Alert a : alerts.values()) {
            alertList.add(ApiJson.alert(AlertView.of(a, true), true).put("riskPosition", raisedAt.get(a.id())));
        }
        List<JsonObject> staffing = new ArrayList<>();
        if (unit instanceof Ward w) {
            for (LocalDate d = EngineClock.localDate(from, w.zone()).minusDays(1);
                 !d.isAfter(EngineClock.localDate(to, w.zone())); d = d.plusDays(1)) {
                StaffingSummary s = state.summary(state.staffing(), w.id(), d);
                if (s != null) {
                    keep(s); // the shift's figures as they stood at the period's end
                }
            }
            for (Map.Entry<ShiftKey, JsonObject> e : shifts.entrySet()) {
                if (e.getKey().start(w) <= to && e.getKey().end(w) > from) {
                    staffing.add(e.getValue());
                }
            }
        }
        return new JsonObject()
                .put("unit", ApiJson.identity(UnitIdentity.of(unit, org)))
                .put("patient", patient)
                .put("bed", bed)
                .put("from", Instant.ofEpochMilli(from).toString())
                .put("to", Instant.ofEpochMilli(to).toString())
                .put("observations", observations)
                .put("movements", movements)
                .put("doses", dosesDue(to))
                .put("alerts", alertList)
                .put("staffing", new JsonArray(staffing));
    }
}
