package org.vigil.server.deterioration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.Severity;
import org.vigil.server.engine.DeadlineQueue;
import org.vigil.server.engine.Feature;
import org.vigil.server.engine.RuleContext;
import org.vigil.server.org.Unit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RESTORE2 in care homes: every submission is scored server-side (a tablet's own score is never trusted), judged
 * against the resident's baseline, given an escalation level, advice and SBARD text, and a repeat-observation
 * deadline that raises OBSERVATIONS_OVERDUE when missed. Levels above routine are a RESTORE2_ESCALATION alert.
 */
public final class CareHomeResidents implements Feature {
    private final RuleContext ctx;
    private final Restore2Escalation escalation;
    private final Map<String, Map<String, Resident>> byHome = new HashMap<>();

    public CareHomeResidents(RuleContext ctx) {
        this.ctx = ctx;
        this.escalation = new Restore2Escalation(ctx.policies().restore2());
    }

    private static final class Resident {
        final String id;
        final String home;
        long submittedAt;
        News2Score score;
        Integer baseline;
        long baselineAt;
        Restore2Escalation.Advice advice;
        String sbard;
        long repeatDueAt;
        boolean overdue;
        DeadlineQueue.Deadline due;

        Resident(String id, String home) {
            this.id = id;
            this.home = home;
        }
    }

    @Override
    public void apply(Event e) {
        Payload.Restore2 r = (Payload.Restore2) e.payload();
        Resident res = byHome.computeIfAbsent(e.unit(), h -> new LinkedHashMap<>())
                .computeIfAbsent(r.resident(), id -> new Resident(id, e.unit()));
        News2Score score = r.vitals() == null ? null : News2.score(r.vitals());
        if (score != null && r.baseline() && e.time() >= res.baselineAt) {
            // Only a set the carer marks as the resident's usual is their "normal": a first set taken because
            // they were already unwell would otherwise hide every later rise above it.
            res.baseline = score.total();
            res.baselineAt = e.time();
        }
        if (e.time() < res.submittedAt) {
            return; // late: a newer submission remains the resident's current state
        }
        Unit home = ctx.unit(e.unit());
        Restore2Escalation.Advice advice = escalation.advise(score, r.baseline() ? null : res.baseline);
        res.submittedAt = e.time();
        res.score = score;
        res.advice = advice;
        res.repeatDueAt = e.time() + advice.repeatMinutes() * 60_000L;
        res.sbard = Sbard.text(home.name(), home.zone(), e.time(), r.vitals(), score, r.softSigns(),
                res.baseline, res.baselineAt, advice, res.repeatDueAt);
        long now = ctx.now();
        if (advice.level().severity() == null) {
            ctx.alerts().resolve(res.home, AlertKind.RESTORE2_ESCALATION, res.id, now, "routine level");
        } else {
            ctx.alerts().raise(res.home, AlertKind.RESTORE2_ESCALATION, advice.level().severity(), res.id, res.id,
                    null, advice.level().label() + (score == null ? " (soft signs)" : ", NEWS2 " + score.total()), now);
        }
        schedule(res, now);
    }

    private void schedule(Resident res, long now) {
        if (res.due != null) {
            res.due.cancel();
        }
        if (res.overdue) {
            res.overdue = false;
            ctx.alerts().resolve(res.home, AlertKind.OBSERVATIONS_OVERDUE, res.id, now, "observations recorded");
        }
        if (res.repeatDueAt <= now) {
            overdue(res, now);
        } else {
            res.due = ctx.deadlines().schedule(res.repeatDueAt, t -> overdue(res, t));
        }
    }

    private void overdue(Resident res, long now) {
        res.due = null;
        res.overdue = true;
        Severity severity = res.advice.level().urgentOrEmergency() ? Severity.HIGH : Severity.MEDIUM;
        ctx.alerts().raise(res.home, AlertKind.OBSERVATIONS_OVERDUE, severity, res.id, res.id, null,
                "repeat observations overdue (last advice: " + res.advice.level().label() + ")", now);
        ctx.changed(res.home);
    }

    /** The community view's figures for one home; resident ids never leave through this. */
    @Override
    public void snapshot(String unit, LocalDate today, JsonObject out) {
        Map<String, Resident> residents = byHome.get(unit);
        if (!(ctx.unit(unit) instanceof org.vigil.server.org.CareHome)) {
            return;
        }
        Map<Restore2Level, Integer> levels = new EnumMap<>(Restore2Level.class);
        int overdue = 0;
        long last = 0;
        if (residents != null) {
            for (Resident r : residents.values()) {
                levels.merge(r.advice.level(), 1, Integer::sum);
                overdue += r.overdue ? 1 : 0;
                last = Math.max(last, r.submittedAt);
            }
        }
        JsonObject byLevel = new JsonObject();
        int urgent = 0;
        for (Restore2Level l : Restore2Level.values()) {
            int n = levels.getOrDefault(l, 0);
            byLevel.put(l.name(), n);
            urgent += l.urgentOrEmergency() ? n : 0;
        }
        out.put("residentsObserved", residents == null ? 0 : residents.size())
                .put("residentsByLevel", byLevel)
                .put("residentsUrgentOrEmergency", urgent)
                .put("repeatObservationsOverdue", overdue)
                .put("lastSubmissionAt", last == 0 ? null : Instant.ofEpochMilli(last).toString());
    }

    /** For the home's own tablet: each resident's latest submission, advice and SBARD, by pseudonymous id. */
    public JsonArray residents(String home) {
        JsonArray list = new JsonArray();
        Map<String, Resident> residents = byHome.get(home);
        if (residents != null) {
            for (Resident r : residents.values()) {
                list.add(new JsonObject()
                        .put("resident", r.id)
                        .put("submittedAt", Instant.ofEpochMilli(r.submittedAt).toString())
                        .put("news2", r.score == null ? null : r.score.total())
                        .put("risk", r.score == null ? null : r.score.risk().name())
                        .put("baseline", r.baseline)
                        .put("level", r.advice.level().name())
                        .put("advice", r.advice.text())
                        .put("repeatDueAt", Instant.ofEpochMilli(r.repeatDueAt).toString())
                        .put("overdue", r.overdue)
                        .put("sbard", r.sbard));
            }
        }
        return list;
    }
}
