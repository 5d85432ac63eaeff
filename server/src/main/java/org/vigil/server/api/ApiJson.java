package org.vigil.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.clinical.news2.News2Score;
import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.events.AssessmentKind;
import org.vigil.events.EventType;
import org.vigil.events.PatientFlag;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.server.alerts.AlertBurden;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.alerts.DeclineReason;
import org.vigil.server.assessments.AssessmentsSummary;
import org.vigil.server.carehomes.CareHomeSummary;
import org.vigil.server.carehomes.ResidentView;
import org.vigil.server.census.CensusSummary;
import org.vigil.server.deterioration.DeteriorationSummary;
import org.vigil.server.engine.UnitIdentity;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.flags.ConcernsSummary;
import org.vigil.server.flags.DailyAskSummary;
import org.vigil.server.flags.FlagsSummary;
import org.vigil.server.flags.ReliabilitySummary;
import org.vigil.server.medicines.MedicinesSummary;
import org.vigil.server.staffing.SafeStaffingRedFlag;
import org.vigil.server.staffing.ShiftSummary;
import org.vigil.server.staffing.StaffingSummary;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The REST API's JSON (docs/openapi.yaml), written from the typed read model: the one encoder of units, overviews,
 * alerts, transitions, alert burden, care-home residents and NEWS2 scores. The walls embed the same unit and alert
 * bodies, and webhooks the same alert and transition, so a field is named in one place for every surface. Stateless;
 * any thread.
 */
public final class ApiJson {
    private ApiJson() {
    }

    /** {@code {system, units: [unit…]}}, the units in the order given (organisation-file order). */
    public static JsonObject overview(String system, List<UnitSnapshot> units) {
        JsonArray list = new JsonArray();
        for (UnitSnapshot u : units) {
            list.add(unit(u));
        }
        return new JsonObject().put("system", system).put("units", list);
    }

    /** The overview as it was at an instant: every unit {@link #unit(UnitSnapshot, long) as at} it. */
    public static JsonObject overview(String system, List<UnitSnapshot> units, long asAt) {
        JsonArray list = new JsonArray();
        for (UnitSnapshot u : units) {
            list.add(unit(u, asAt));
        }
        return new JsonObject().put("system", system).put("units", list);
    }

    /**
     * A unit as it was at an instant (time travel): the same body, its {@code asOf} the instant asked about — also
     * before the first record, where the unit is empty and its clock had not started.
     */
    public static JsonObject unit(UnitSnapshot s, long asAt) {
        return unit(s).put("asOf", iso(asAt));
    }

    /** A ward's or care home's snapshot: identity, census, each rule's figures, active alerts, burden, failures. */
    public static JsonObject unit(UnitSnapshot s) {
        JsonObject out = identity(s.unit());
        out.put("asOf", s.started() ? iso(s.asOf()) : null);
        census(s.census(), out);
        JsonObject feeds = new JsonObject();
        for (Map.Entry<EventType, Long> e : s.lastEventAt().entrySet()) {
            feeds.put(e.getKey().wireName(), iso(e.getValue()));
        }
        out.put("lastEventAt", feeds);
        if (s.staffing() != null) {
            staffing(s.staffing(), out);
        }
        if (s.deterioration() != null) {
            deterioration(s.deterioration(), out);
        }
        if (s.sepsis() != null) {
            out.put("sepsisScreensDue", s.sepsis().sepsisScreensDue());
        }
        if (s.medicines() != null) {
            medicines(s.medicines(), out);
        }
        if (s.assessments() != null) {
            assessments(s.assessments(), out);
        }
        if (s.careHome() != null) {
            careHome(s.careHome(), out);
        }
        if (s.flags() != null) {
            flags(s.flags(), out);
        }
        if (s.concerns() != null) {
            ConcernsSummary c = s.concerns();
            out.put("concernsOpen", c.concernsOpen()).put("concernsAwaitingResponse", c.concernsAwaitingResponse())
                    .put("concernsToday", c.concernsToday());
        }
        if (s.dailyAsk() != null) {
            DailyAskSummary d = s.dailyAsk();
            out.put("patientsAskedToday", d.patientsAskedToday()).put("patientsNotAskedToday", d.patientsNotAskedToday());
        }
        if (s.reliability() != null) {
            reliability(s.reliability(), out);
        }
        for (Record r : s.siteRules()) {
            siteRule(r, out);
        }
        JsonArray alerts = new JsonArray();
        for (AlertView a : s.alerts()) {
            alerts.add(alert(a, false));
        }
        out.put("alerts", alerts);
        out.put("alertBurden", burden(s.alertBurden()));
        out.put("rulesFailing", new JsonArray(s.rulesFailing()));
        return out;
    }

    /** The unit's identity and place in the organisation (a care home has no trust). */
    public static JsonObject identity(UnitIdentity u) {
        JsonObject out = new JsonObject().put("id", u.id()).put("name", u.name()).put("kind", u.kind());
        if (u.ward()) {
            out.put("trust", u.trust()).put("trustName", u.trustName());
        }
        return out.put("place", u.place()).put("placeName", u.placeName());
    }

    private static void census(CensusSummary c, JsonObject out) {
        out.put("beds", c.beds())
                .put("patients", c.patients())
                .put("occupancyPercent", c.occupancyPercent())
                .put("patientsWithoutBed", c.patientsWithoutBed())
                .put("admissionsToday", c.admissionsToday())
                .put("dischargesToday", c.dischargesToday());
    }

    private static void staffing(StaffingSummary s, JsonObject out) {
        JsonObject byType = new JsonObject();
        for (SafeStaffingRedFlag flag : SafeStaffingRedFlag.values()) {
            byType.put(flag.name(), s.redFlagsTodayByType().get(flag));
        }
        JsonObject staffing = new JsonObject()
                .put("day", shift(s.day()))
                .put("night", shift(s.night()))
                .put("currentShift", new JsonObject().put("date", s.currentShift().date().toString())
                        .put("shift", s.currentShift().shift().name()))
                .put("chppd", s.chppd())
                .put("chppdYesterday", s.chppdYesterday())
                .put("redFlagsToday", s.redFlagsToday())
                .put("redFlagsTodayByType", byType)
                .put("patientsPerRegisteredNurseDay", s.patientsPerRegisteredNurseDay())
                .put("patientsPerRegisteredNurseWarning", s.patientsPerRegisteredNurseWarning());
        // The day's red-flag count is a headline figure of its own (the wall tile, the executive ranking).
        out.put("staffing", staffing).put("redFlagsToday", s.redFlagsToday())
                .put("staffingNotReported", s.staffingNotReported());
    }

    /** One shift's staffing figures (the unit's {@code staffing.day} and {@code .night}, the incident review's). */
    public static JsonObject shift(ShiftSummary s) {
        return new JsonObject()
                .put("date", s.date().toString())
                .put("shift", s.shift().name())
                .put("shiftHours", s.shiftHours())
                .put("reported", s.reported())
                .put("registeredPlanned", s.registeredPlanned())
                .put("registeredActual", s.registeredActual())
                .put("unregisteredPlanned", s.unregisteredPlanned())
                .put("unregisteredActual", s.unregisteredActual())
                .put("registeredPlannedHours", s.registeredPlannedHours())
                .put("registeredActualHours", s.registeredActualHours())
                .put("unregisteredPlannedHours", s.unregisteredPlannedHours())
                .put("unregisteredActualHours", s.unregisteredActualHours())
                .put("registeredFillRatePercent", s.registeredFillRatePercent())
                .put("unregisteredFillRatePercent", s.unregisteredFillRatePercent())
                .put("redFlags", s.redFlags());
    }

    private static void deterioration(DeteriorationSummary d, JsonObject out) {
        JsonObject dist = new JsonObject();
        List<Integer> counts = d.news2Distribution();
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) > 0) {
                dist.put(Integer.toString(i), counts.get(i));
            }
        }
        out.put("patientsObserved", d.patientsObserved())
                .put("patientsOnHourlyObs", d.patientsOnHourlyObs())
                .put("news2LowMedium", d.news2LowMedium())
                .put("news2Medium", d.news2Medium())
                .put("news2High", d.news2High())
                .put("news2AtLeast5", d.news2AtLeast5())
                .put("observationsOverdue", d.observationsOverdue())
                .put("news2Distribution", dist);
    }

    private static void medicines(MedicinesSummary m, JsonObject out) {
        out.put("dosesDueToday", m.dosesDueToday())
                .put("criticalDosesDueToday", m.criticalDosesDueToday())
                .put("missedDosesToday", m.missedDosesToday())
                .put("missedCriticalDosesToday", m.missedCriticalDosesToday())
                .put("criticalDosesDelayedToday", m.criticalDosesDelayedToday())
                .put("timeCriticalNilByMouthOmissionsToday", m.timeCriticalNilByMouthOmissionsToday());
    }

    private static void assessments(AssessmentsSummary a, JsonObject out) {
        JsonObject kinds = new JsonObject();
        for (AssessmentKind k : AssessmentKind.values()) {
            kinds.put(k.name(), a.outstandingAssessments().get(k));
        }
        out.put("outstandingAssessments", kinds)
                .put("patientsWithOutstandingAssessments", a.patientsWithOutstandingAssessments());
    }

    private static void careHome(CareHomeSummary h, JsonObject out) {
        JsonObject byLevel = new JsonObject();
        for (Restore2Level l : Restore2Level.values()) {
            byLevel.put(l.name(), h.residentsByLevel().get(l));
        }
        JsonObject closed = new JsonObject();
        for (ResidentDischargeReason r : ResidentDischargeReason.values()) {
            closed.put(r.name(), h.residentsDischargedToday().get(r));
        }
        out.put("residentsObserved", h.residentsObserved())
                .put("residentsByLevel", byLevel)
                .put("residentsUrgentOrEmergency", h.residentsUrgentOrEmergency())
                .put("repeatObservationsOverdue", h.repeatObservationsOverdue())
                .put("lastSubmissionAt", h.lastSubmissionAt() == 0 ? null : iso(h.lastSubmissionAt()))
                .put("residentsDischargedToday", closed);
    }

    private static void flags(FlagsSummary f, JsonObject out) {
        JsonObject flags = new JsonObject();
        for (PatientFlag flag : PatientFlag.values()) {
            flags.put(flag.name(), f.flags().get(flag));
        }
        out.put("flags", flags)
                .put("sepsis", f.sepsis())
                .put("aki", f.aki())
                .put("pressureUlcers", f.pressureUlcers())
                .put("infectionIsolation", f.infectionIsolation())
                .put("dischargesExpectedToday", f.dischargesExpectedToday())
                .put("medRecOutstanding", f.medRecOutstanding())
                .put("nonVerifiedPrescriptions", f.nonVerifiedPrescriptions());
    }

    private static void reliability(ReliabilitySummary r, JsonObject out) {
        JsonObject ratings = new JsonObject();
        for (int i = 0; i < r.ratingsToday().size(); i++) {
            ratings.put(Integer.toString(i + 1), r.ratingsToday().get(i));
        }
        out.put("reliabilityToday", ratings);
    }

    /** A site's own rule's figures, field by field from its record (numbers, booleans, text, enum names). */
    private static void siteRule(Record r, JsonObject out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
            }
            out.put(c.getName(), value instanceof Enum<?> e ? e.name() : value);
        }
    }

    /** The alert as the API and the walls show it; {@code withHistory} adds every transition. */
    public static JsonObject alert(AlertView a, boolean withHistory) {
        JsonObject j = new JsonObject()
                .put("id", a.id())
                .put("unit", a.unit())
                .put("bed", a.bed())
                .put("kind", a.kind().name())
                .put("severity", a.severity().name())
                .put("state", a.state().name())
                .put("escalated", a.escalated())
                .put("detail", a.detail())
                .put("raisedAt", iso(a.raisedAt()));
        if (a.escalated()) {
            j.put("escalatedAt", iso(a.escalatedAt()));
        }
        if (a.rung() != null) {
            AlertView.Rung r = a.rung();
            j.put("rung", new JsonObject().put("index", r.index()).put("role", r.role())
                    .put("roleName", r.roleName()).put("since", iso(r.since())));
        }
        if (a.acknowledged() != null) {
            AlertView.Acknowledgement ack = a.acknowledged();
            j.put("acknowledgedBy", ack.who()).put("acknowledgedAt", iso(ack.at()));
            if (ack.role() != null) {
                j.put("acknowledgedRole", ack.role());
            }
            if (ack.note() != null) {
                j.put("note", ack.note());
            }
        }
        if (a.accepted() != null) {
            AlertView.Acceptance acc = a.accepted();
            j.put("acceptedBy", acc.by()).put("acceptedRole", acc.role()).put("acceptedAt", iso(acc.at()));
        }
        if (a.notEscalating() != null) {
            AlertView.NotEscalating n = a.notEscalating();
            j.put("notEscalating", new JsonObject().put("by", n.by()).put("role", n.role())
                    .put("reason", n.reason()).put("at", iso(n.at())).put("until", iso(n.until())));
        }
        if (a.state() == AlertState.RESOLVED) {
            j.put("resolvedAt", iso(a.resolvedAt())).put("resolution", a.resolution());
        }
        if (withHistory) {
            JsonArray h = new JsonArray();
            for (AlertTransition t : a.history()) {
                h.add(transition(t));
            }
            j.put("history", h);
        }
        return j;
    }

    /** One entry of an alert's history; fields that do not apply to its type are left out. */
    public static JsonObject transition(AlertTransition t) {
        JsonObject j = new JsonObject().put("seq", t.seq()).put("at", iso(t.at())).put("type", t.type().name());
        putIf(j, "rung", t.rung());
        putIf(j, "role", t.role());
        putIf(j, "severity", t.severity() == null ? null : t.severity().name());
        putIf(j, "detail", t.detail());
        putIf(j, "by", t.by());
        putIf(j, "reason", t.reason());
        putIf(j, "note", t.note());
        putIf(j, "until", t.until() == null ? null : iso(t.until()));
        putIf(j, "why", t.why());
        return j;
    }

    /** A unit's alert burden for its day; every decline reason present. */
    public static JsonObject burden(AlertBurden b) {
        JsonObject byReason = new JsonObject();
        for (DeclineReason r : DeclineReason.values()) {
            byReason.put(r.name(), b.declinesByReason().getOrDefault(r, 0));
        }
        return new JsonObject()
                .put("raisedToday", b.raisedToday())
                .put("alertsPer100BedDays", b.alertsPer100BedDays())
                .put("acknowledgedWithinTargetPercent", b.acknowledgedWithinTargetPercent())
                .put("resolvedToday", b.resolvedToday())
                .put("resolvedWithoutActionPercent", b.resolvedWithoutActionPercent())
                .put("acceptedToday", b.acceptedToday())
                .put("medianMinutesToAcceptance", b.medianMinutesToAcceptance())
                .put("renotifiedPercent", b.renotifiedPercent())
                .put("declinesToday", b.declinesToday())
                .put("declinesByReason", byReason);
    }

    /** The home's own tablet view: its residents by pseudonymous id, with their latest advice and SBARD. */
    public static JsonObject residents(String home, List<ResidentView> residents) {
        JsonArray list = new JsonArray();
        for (ResidentView r : residents) {
            list.add(new JsonObject()
                    .put("resident", r.resident())
                    .put("submittedAt", iso(r.submittedAt()))
                    .put("news2", r.news2())
                    .put("risk", r.risk() == null ? null : r.risk().name())
                    .put("baseline", r.baseline())
                    .put("level", r.level().name())
                    .put("advice", r.advice())
                    .put("repeatDueAt", iso(r.repeatDueAt()))
                    .put("overdue", r.overdue())
                    .put("sbard", r.sbard()));
        }
        return new JsonObject().put("home", home).put("residents", list);
    }

    /** A NEWS2 result with its Chart 4 monitoring interval (policy minutes; 0 is continuous). */
    public static JsonObject news2(News2Score s, MonitoringFrequency frequency) {
        return new JsonObject()
                .put("score", s.total())
                .put("risk", s.risk().name())
                .put("parameterScores", new JsonObject()
                        .put("respirationRate", s.respirationRate())
                        .put("spo2", s.spo2())
                        .put("onOxygen", s.onOxygen())
                        .put("systolicBp", s.systolicBp())
                        .put("pulse", s.pulse())
                        .put("consciousness", s.consciousness())
                        .put("temperature", s.temperature()))
                .put("monitoringIntervalMinutes", frequency.intervalMinutes(s));
    }

    private static void putIf(JsonObject j, String key, Object value) {
        if (value != null) {
            j.put(key, value);
        }
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
