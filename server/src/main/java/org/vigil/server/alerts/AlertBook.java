package org.vigil.server.alerts;

import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.EscalationLadder;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Policies;
import org.vigil.organisation.ResponderRole;
import org.vigil.organisation.Unit;
import org.vigil.server.kernel.DailyCounter;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.kernel.DailySamples;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every alert's lifecycle, as a clinical escalation process (DESIGN.md § Alerts). Rules say what is true ("this
 * patient's NEWS2 is 7"); the book turns that into at most one active alert per unit, kind and subject, tells the
 * roles of its ladder in turn while nobody answers, and resolves it when the rule says the condition has cleared.
 *
 * <ul>
 *   <li><b>Episodes.</b> A condition that clears and returns within the hold-down re-opens the same alert: it keeps
 *       its first raise, its ladder runs on from there (a flapping alert still escalates on time), and it comes
 *       back unanswered — what was said about it stays in its history.</li>
 *   <li><b>Ladders.</b> Rung 0 is told at the raise; each later rung when its minutes after the ladder's start
 *       pass unanswered; the last rung is told again every repeat while still unanswered. Acknowledged (at the
 *       wall) or accepted (by a responder) is answered: the ladder stops.</li>
 *   <li><b>Worsening re-notifies.</b> A higher severity, or a higher grade within the severity, tells everyone on
 *       the rungs reached again. An answered alert is unanswered again and its ladder restarts from the worsening
 *       at the worse severity's timings; an unanswered one keeps its clock and takes the worse timings (so the
 *       next rung can only come sooner). The rung reached is never lowered. Improvement tells nobody.</li>
 *   <li><b>Answers</b> ({@link #decide}, {@link #apply}): acknowledge, undo an acknowledgement, accept, decline,
 *       not escalating. {@link #check} is the one decision on the alert's state, asked before the answer is
 *       journaled and again when it is applied (live and in replay), so the two cannot disagree.</li>
 * </ul>
 *
 * <p>Ids are a sequence, and every input that moves an alert (events, clock ticks, answers) is in the journal, so
 * replay rebuilds every episode, rung and history exactly. A state snapshot carries every alert the book holds
 * with its history, and the sequence, so an id is never given twice, even once retention has deleted the journal
 * cycles that raised the first ones. Engine thread only.
 */
public final class AlertBook implements Deadlines.Owner, SnapshotSlice {
    /** Resolved alerts stay queryable this long (the day's burden figures and "resolved" lists need them). */
    private static final long KEEP_RESOLVED_MILLIS = 24 * 3_600_000L;
    private static final long MINUTE = 60_000L;
    /** Deadline kinds: the alert's next rung, repeat or end of pause; forgetting a resolved alert. */
    private static final int NEXT = 0;
    private static final int FORGET = 1;

    /** What became of an answer. */
    public enum Outcome {
        /** Journaled and applied. */
        DONE,
        /** Nothing to change (already acknowledged; accepted again by the same person): nothing journaled. */
        UNCHANGED,
        /** No such alert, or one the caller may not see: the same answer, so ids reveal nothing. */
        NOT_FOUND,
        /** The caller sees the alert but may not answer it so. */
        FORBIDDEN,
        /** The alert's state does not allow it (resolved, accepted by someone else, too late to undo). */
        CONFLICT
    }

    /** The decision on an answer, and the answer as it is journaled (its role and token filled in). */
    public record Decision(Outcome outcome, String message, Payload.AlertCommand command) {
        static Decision of(Outcome outcome, String message) {
            return new Decision(outcome, message, null);
        }

        /** The journal record type of the answer. */
        public EventType eventType() {
            if (command instanceof Payload.AlertAck) {
                return EventType.ALERT_ACK;
            } else if (command instanceof Payload.AlertAckUndo) {
                return EventType.ALERT_ACK_UNDO;
            } else if (command instanceof Payload.AlertAccept) {
                return EventType.ALERT_ACCEPT;
            } else if (command instanceof Payload.AlertDecline) {
                return EventType.ALERT_DECLINE;
            }
            return EventType.ALERT_NOT_ESCALATING;
        }
    }

    /** Who is answering, as far as the book needs to know: what they may see and do on a unit. */
    public interface Requester {
        /** The token's name (an acknowledgement may be undone by the token that made it only). */
        String token();

        /** Whether the caller may see the unit's alerts at all. */
        boolean sees(Unit unit);

        /** Whether the caller may acknowledge alerts on the unit (a ward or home wall). */
        boolean acknowledges(Unit unit);

        /** Whether the caller answers alerts on the unit in this role. */
        boolean respondsAs(ResponderRole role, Unit unit);
    }

    /**
     * Told of every transition as it is made (live and in replay), on the engine thread, with the alert as it stands
     * just after that transition (later transitions of the same input may follow).
     */
    @FunctionalInterface
    public interface TransitionListener {
        void transition(Alert alert, AlertTransition transition);
    }

    private final RuleContext ctx;
    private final BoardSeries board;
    private final Deadlines.Timers timers;
    private final Organisation org;
    private final Policies.Escalation policy;
    private final Map<String, Alert> byId = new HashMap<>();
    private final AlertsByKey activeByKey = new AlertsByKey();
    private final AlertsByKey resolvedByKey = new AlertsByKey();
    private final Map<String, Map<String, Alert>> activeByUnit = new HashMap<>();
    /**
     * Each patient's active alerts, in the order they were activated (their order in {@link #activeByUnit}): a
     * discharge or transfer finds them without going through every active alert of the unit.
     */
    private final Map<String, List<Alert>> activeByPatient = new HashMap<>();
    private final Map<String, Burden> burden = new HashMap<>();
    private TransitionListener listener = (a, t) -> { };
    private long sequence;

    public AlertBook(RuleContext ctx, BoardSeries board) {
        this.ctx = ctx;
        this.board = board;
        this.timers = ctx.timers(this, "AlertBook");
        this.org = ctx.organisation();
        this.policy = org.policies().escalation();
        checkLadderNames(policy.wardLadders().keySet());
        checkLadderNames(policy.careHomeLadders().keySet());
    }

    /** A ladder is named by a severity or an alert kind; anything else is a mistake in the organisation file. */
    private static void checkLadderNames(Iterable<String> names) {
        for (String name : names) {
            boolean known = false;
            for (Severity s : Severity.values()) {
                known |= s.name().equals(name);
            }
            for (AlertKind k : AlertKind.values()) {
                known |= k.name().equals(name);
            }
            if (!known) {
                throw new IllegalArgumentException("policies.escalation.ladders: '" + name
                        + "' is neither a severity (HIGH, MEDIUM, LOW) nor an alert kind");
            }
        }
    }

    /** Sets the one listener told of every transition (a journal tailer delivering them, e.g. webhooks). */
    public void onTransition(TransitionListener listener) {
        this.listener = listener;
    }

    /** {@link #raise(String, AlertKind, Severity, int, String, String, String, String, long)} at grade 0. */
    public Alert raise(String unit, AlertKind kind, Severity severity, String subject, String patient, String bed,
                       String detail, long now) {
        return raise(unit, kind, severity, 0, subject, patient, bed, detail, now);
    }

    /**
     * Makes sure an alert is active for this condition: raises it, updates the one already active (a worsening
     * re-notifies), or re-opens one resolved within the hold-down.
     *
     * @param grade how bad within the severity, as the rule grades it (e.g. the RESTORE2 level's rank): a higher
     *              grade at the same severity is a worsening. Rules without grades pass 0.
     */
    public Alert raise(String unit, AlertKind kind, Severity severity, int grade, String subject, String patient,
                       String bed, String detail, long now) {
        return raise(unit, kind, severity, grade, subject, patient, bed, detail, now, null);
    }

    /**
     * {@link #raise(String, AlertKind, Severity, int, String, String, String, String, long)}, the raised or re-opened
     * alert taking over {@code takingOver}'s ladder (null: none).
     */
    private Alert raise(String unit, AlertKind kind, Severity severity, int grade, String subject, String patient,
                        String bed, String detail, long now, Handover takingOver) {
        Alert a = activeByKey.get(unit, kind, subject);
        if (a != null) {
            boolean worse = worse(severity, grade, a.severity(), a.grade());
            if (a.severity() != severity || a.grade() != grade || !detail.equals(a.detail())
                    || !Objects.equals(bed, a.bed())) {
                a.update(severity, grade, bed, detail);
                ctx.changed(unit);
            }
            if (worse) {
                worsen(a, now);
            }
            return a;
        }
        Alert recent = resolvedByKey.remove(unit, kind, subject);
        // The same episode only if about the same patient: a subject (a dose id) can be corrected to another.
        if (recent != null && Objects.equals(recent.patient(), patient)
                && now - recent.resolvedAt <= policy.holdDownMinutes() * MINUTE) { // "within" includes the N-th minute
            boolean worse = worse(severity, grade, recent.severity(), recent.grade());
            recent.update(severity, grade, bed, detail);
            takeOver(recent, takingOver);
            reopen(recent, now);
            if (worse) {
                worsen(recent, now);
            }
            return recent;
        }
        a = new Alert("AL-" + (++sequence), unit, kind, severity, grade, subject, patient, bed, detail, now);
        takeOver(a, takingOver);
        byId.put(a.id(), a);
        activate(a);
        EscalationLadder ladder = ladder(a);
        a.rungRole = role(ladder, 0);
        a.rungSince = now;
        a.lastNotifiedAt = now;
        record(a, AlertTransition.Type.RAISED, now, null, null, null, null, null, null);
        LocalDate day = day(unit, now);
        burden(unit).raised.increment(day);
        board.add(unit, BoardMetric.ALERTS_PER_100_BED_DAYS, day, 1, 0);
        board.add(unit, BoardMetric.ALERTS_ANSWERED_IN_TIME, day, 0, 1);
        advance(a, now, null);
        return a;
    }

    /**
     * NEWS2's band changed: raises the new band's alert in place of the old one's, which handed over {@code before}
     * (null when it was answered, or there was none), so that its ladder goes on ({@link #handOn}) and whoever was
     * told of the old alert is told of this one from its raising: a webhook endpoint for HIGH alone, told the HIGH
     * alert was resolved as superseded, would otherwise never hear of the MEDIUM one climbing the same ladder
     * (found by an independent check). {@code worse}: the new band is worse than the old, as the rule ranks its
     * bands, even at the same severity (a single red score and an aggregate of 5 are both MEDIUM).
     */
    public Alert raiseInPlaceOf(Handover before, boolean worse, String unit, AlertKind kind, Severity severity,
                                String subject, String patient, String bed, String detail, long now) {
        Alert a = raise(unit, kind, severity, 0, subject, patient, bed, detail, now, before);
        if (before != null) {
            handOn(before, worse, a, now);
        }
        return a;
    }

    /**
     * The alert {@code a} goes on from {@code before}'s ladder: it names it, and those it went on from, each once
     * and never itself (a band flapping within the hold-down re-opens the same two alerts in turn, each taking
     * the other's ladder over: appended whole, the lists doubled at every flip).
     */
    private static void takeOver(Alert a, Handover before) {
        if (before != null) {
            takeOver(a, new Alert.TakenOver(before.id(), before.kind(), before.worstSeverity()), before.takenOver());
        }
    }

    /** {@code a} names {@code other} and every alert {@code other} went on from ({@link #name}). */
    private static void takeOver(Alert a, Alert.TakenOver other, List<Alert.TakenOver> itsOwn) {
        name(a, other);
        itsOwn.forEach(o -> name(a, o));
    }

    private static void name(Alert a, Alert.TakenOver o) {
        if (o.id().equals(a.id())) {
            return;
        }
        for (int i = 0; i < a.takenOver.size(); i++) {
            Alert.TakenOver known = a.takenOver.get(i);
            if (known.id().equals(o.id())) {
                if (o.worstSeverity().compareTo(known.worstSeverity()) < 0) {
                    a.takenOver.set(i, o); // it got worse since it was last named
                }
                return;
            }
        }
        a.takenOver.add(o);
    }

    /**
     * What an alert about to be superseded hands on to its successor ({@link #handOn}): its ladder's clock and rung,
     * and its "not escalating" pause, as they stand before it is resolved (resolving ends the pause).
     */
    public record Handover(String id, AlertKind kind, long ladderStart, int rung,
                           String pausedBy, String pausedRole, String pausedReason, long pausedAt, long pausedUntil,
                           Severity worstSeverity, List<Alert.TakenOver> takenOver) {
        boolean paused() {
            return pausedUntil != 0;
        }
    }

    /**
     * The handover of {@code a}, taken before it is resolved as superseded, if it is still waiting for an answer
     * (its ladder runs, or is paused by "not escalating": a pause is no answer); null when it was answered, whose
     * answer covered the condition as it was.
     */
    public Handover handover(Alert a) {
        if (!a.state.active() || a.state.answered()) {
            return null;
        }
        return new Handover(a.id(), a.kind(), a.ladderStart, a.rung, a.pausedBy,
                a.pausedRole, a.pausedReason, a.pausedAt, a.pausedUntil, a.worstSeverity(), List.copyOf(a.takenOver));
    }

    /**
     * The condition moved to another kind of alert about the same patient (NEWS2's band changed): the old band's
     * alert was resolved as superseded, {@code after} was just raised for the new band, and {@code before} is what
     * the old one handed over. Its ladder goes on in {@code after}: the ladder runs from the old clock, and
     * {@code after} climbs at once to the rung reached, so escalation already reached is never lost — a worse
     * band's timings can only bring the next rung sooner — and the rung reached is never lowered (issue 11;
     * docs/organisation.md "Escalation"). A pause ("not escalating") was decided about the patient: a better band
     * keeps it and the rung, telling nobody; a worse band ends it, as any worsening does, and the climb tells them.
     */
    private void handOn(Handover before, boolean worse, Alert after, long now) {
        if (after.state.answered() || after.paused() || after.state == AlertState.RESOLVED) {
            return;
        }
        after.ladderStart = Math.min(after.ladderStart, before.ladderStart());
        EscalationLadder ladder = ladder(after);
        int reached = Math.min(before.rung(), ladder.size() - 1);
        if (before.paused() && !worse) {
            after.pausedBy = before.pausedBy();
            after.pausedRole = before.pausedRole();
            after.pausedReason = before.pausedReason();
            after.pausedAt = before.pausedAt();
            after.pausedUntil = before.pausedUntil();
            after.rung = Math.max(after.rung, reached);
            after.rungRole = role(ladder, after.rung);
            if (after.rung > 0 && !after.escalated) {
                after.escalated = true;
                after.escalatedAt = now;
            }
            after.unanswered(); // on the rung reached: ESCALATED past the first (it read "new" at outreach's rung)
            record(after, AlertTransition.Type.NOT_ESCALATING, now, before.pausedBy(), before.pausedRole(),
                    before.pausedReason(), null, before.pausedUntil(), "kept from " + before.id());
            reschedule(after, now);
            return;
        }
        while (after.rung < reached) {
            climb(after, ladder, now, "in place of " + before.id() + " (" + before.kind() + "), which had reached"
                    + " this rung");
        }
        advance(after, now, null);
    }

    /**
     * The census moved patients between beds on the unit (an admission message naming a new bed or care-home room,
     * a patient seen before their admission, a newcomer given an occupied bed): every active alert about a patient
     * there shows the bed the census now gives them, null when they have none. A wall must never show an alert at the bed
     * of someone else (HAZ-09).
     */
    public void followBeds(String unit, Function<String, String> bedOf) {
        Map<String, Alert> onUnit = activeByUnit.get(unit);
        if (onUnit == null) {
            return;
        }
        for (Alert a : onUnit.values()) {
            if (a.patient() != null) {
                String bed = bedOf.apply(a.patient());
                if (!Objects.equals(bed, a.bed())) {
                    a.moveTo(unit, bed);
                    ctx.changed(unit);
                }
            }
        }
    }

    /** The condition cleared: resolves the active alert, if any. */
    public boolean resolve(String unit, AlertKind kind, String subject, long now, String why) {
        Alert a = activeByKey.get(unit, kind, subject);
        if (a == null) {
            return false;
        }
        resolve(a, now, why);
        return true;
    }

    /**
     * Resolves every active alert about the patient on the unit (their stay ended: discharged, a resident gone to
     * hospital). The stay's alerts can never be re-opened: a patient back within the hold-down starts a new stay,
     * whose alerts are new episodes, raised afresh at the bottom rung (docs/events.md).
     */
    public void resolvePatient(String patient, String unit, long now, String why) {
        for (Alert a : activeAbout(patient, unit)) {
            resolve(a, now, why);
        }
        // with those that resolved earlier in the stay, still within the hold-down, on every unit of it: kept on a
        // ward the patient had left, one re-opened in their next stay there, escalated at once with the old stay's
        // history (found by an independent audit)
        resolvedByKey.removeIf(a -> patient.equals(a.patient()));
    }

    /**
     * The patient moved: their active alerts move with them to the new unit and bed. One still unanswered, paused
     * ("not escalating") or not, is told again, so the new ward's roles hear of it.
     */
    public void movePatient(String patient, String fromUnit, String toUnit, String bed, long now) {
        for (Alert a : activeAbout(patient, fromUnit)) {
            Alert there = fromUnit.equals(toUnit) ? null : activeByKey.get(toUnit, a.kind(), a.subject());
            if (there != null) {
                mergeInto(there, a, now);
                continue;
            }
            deactivate(a);
            a.moveTo(toUnit, bed);
            // The new unit's ladder names its own roles, and may be shorter: a rung beyond its last would never
            // repeat, and its next deadline would fall due again at once, for ever (the engine thread would hang).
            // The rung is kept where the ladder has it, and its role is always the new ladder's.
            keepRungOn(a, ladder(a), now);
            activate(a);
            ctx.changed(fromUnit);
            if (!fromUnit.equals(toUnit)) {
                if (a.paused() && !a.state.answered()) {
                    // a pause is no answer: the receiving ward's roles hear of the alert and of the decision, or
                    // they would not for as long as it lasts, up to twelve hours (found by an independent audit)
                    renotify(a, now, "patient moved to " + toUnit + "; not escalating, decided by " + a.pausedBy
                            + " (" + a.pausedRole + ")");
                }
                advance(a, now, "patient moved to " + toUnit);
            }
        }
    }

    /**
     * The same condition was raised on the new unit before the move reached the census (a set taken on the next ward
     * first): one alert, not two. Moved over it, the old ward's alert hid the new one from the rules, which then
     * never resolved it: it climbed to the site manager about a patient since scored 0 (found by an independent
     * audit). The one there goes on, as after a band change: it takes over the old one's ladder, unless that was
     * answered (its answer covered the condition as it was), and the old one is resolved naming it.
     */
    private void mergeInto(Alert there, Alert moved, long now) {
        Handover before = handover(moved);
        resolve(moved, now, "the same as " + there.id() + " on " + there.unit() + ", where the patient moved");
        takeOver(there, new Alert.TakenOver(moved.id(), moved.kind(), moved.worstSeverity()), moved.takenOver);
        if (before != null) {
            handOn(before, false, there, now);
        }
        ctx.changed(there.unit());
    }

    // ------------------------------------------------------------------ answers

    /**
     * Decides an answer for a requester: whether they may see the alert and answer it so, in which role (one they
     * hold on its unit: the one asked for, else the rung's, else their first on its ladder), and then
     * {@link #check} on the alert's state. The returned command is what to journal when the outcome is DONE.
     */
    public Decision decide(Payload.AlertCommand c, Requester who, long now) {
        Alert a = byId.get(c.alertId());
        Unit unit = a == null ? null : org.unit(a.unit());
        if (unit == null || !who.sees(unit)) {
            return Decision.of(Outcome.NOT_FOUND, "no alert '" + c.alertId() + "'");
        }
        Payload.AlertCommand complete;
        if (c instanceof Payload.AlertAck || c instanceof Payload.AlertAckUndo) {
            if (!who.acknowledges(unit)) {
                return Decision.of(Outcome.FORBIDDEN, "this token may not acknowledge alerts on '" + unit.id() + "'");
            }
            complete = c instanceof Payload.AlertAck ack
                    ? new Payload.AlertAck(ack.alertId(), ack.by(), ack.role(), ack.note(), who.token())
                    : new Payload.AlertAckUndo(c.alertId(), who.token());
        } else {
            String asked = c instanceof Payload.AlertAccept x ? x.role()
                    : c instanceof Payload.AlertDecline x ? x.role()
                    : ((Payload.AlertNotEscalating) c).role();
            String role = responderRole(a, unit, asked, who);
            if (role == null) {
                return Decision.of(Outcome.FORBIDDEN, asked == null
                        ? "this token answers no alerts on '" + unit.id() + "'"
                        : "this token does not answer alerts on '" + unit.id() + "' as '" + asked + "'");
            }
            if (c instanceof Payload.AlertAccept x) {
                complete = new Payload.AlertAccept(x.alertId(), x.by(), role);
            } else if (c instanceof Payload.AlertDecline x) {
                complete = new Payload.AlertDecline(x.alertId(), x.by(), role, x.reason());
            } else {
                Payload.AlertNotEscalating x = (Payload.AlertNotEscalating) c;
                complete = new Payload.AlertNotEscalating(x.alertId(), x.by(), role, x.reason(), x.minutes());
            }
        }
        Decision d = check(a, complete, now);
        return new Decision(d.outcome(), d.message(), complete);
    }

    private String responderRole(Alert a, Unit unit, String asked, Requester who) {
        if (asked != null) {
            ResponderRole r = policy.role(asked);
            return r != null && who.respondsAs(r, unit) ? asked : null;
        }
        if (who.respondsAs(a.rungRole, unit)) {
            return a.rungRole.id();
        }
        for (EscalationLadder.Rung rung : ladder(a).rungs()) {
            if (who.respondsAs(policy.role(rung.role()), unit)) {
                return rung.role();
            }
        }
        for (ResponderRole r : policy.roles().values()) {
            if (who.respondsAs(r, unit)) {
                return r.id();
            }
        }
        return null;
    }

    /**
     * The one decision on an answer and the alert's state: DONE when applying it changes the alert, else why
     * not. Asked before journaling and again when applying, so a journaled answer always applies in replay.
     */
    public Decision check(Alert a, Payload.AlertCommand c, long now) {
        if (a == null) {
            return Decision.of(Outcome.NOT_FOUND, "no alert '" + c.alertId() + "'");
        }
        if (a.state == AlertState.RESOLVED) {
            return Decision.of(Outcome.CONFLICT, "alert '" + a.id() + "' is already resolved");
        }
        if (c instanceof Payload.AlertAck) {
            if (a.state.answered()) {
                return Decision.of(Outcome.UNCHANGED, "already " + a.state.name().toLowerCase(java.util.Locale.ROOT));
            }
        } else if (c instanceof Payload.AlertAckUndo undo) {
            if (a.acknowledgedAt == 0) {
                return Decision.of(Outcome.CONFLICT, "alert '" + a.id() + "' is not acknowledged");
            }
            if (!Objects.equals(undo.token(), a.acknowledgedToken)) {
                return Decision.of(Outcome.CONFLICT, "only the screen that acknowledged alert '" + a.id()
                        + "' may undo it");
            }
            if (now - a.acknowledgedAt > policy.ackUndoSeconds() * 1000L) {
                return Decision.of(Outcome.CONFLICT, "too late: an acknowledgement can be undone for "
                        + policy.ackUndoSeconds() + " s");
            }
        } else if (c instanceof Payload.AlertAccept accept) {
            if (a.acceptedBy != null) {
                if (a.acceptedBy.equalsIgnoreCase(accept.by()) && a.acceptedRole.equals(accept.role())) {
                    return Decision.of(Outcome.UNCHANGED, "already accepted by " + a.acceptedBy);
                }
                return Decision.of(Outcome.CONFLICT, "alert '" + a.id() + "' is already accepted by "
                        + who(a.acceptedBy, a.acceptedRole));
            }
        } else if (c instanceof Payload.AlertDecline decline) {
            if (a.acceptedBy != null && !handsBack(a, decline)) {
                return Decision.of(Outcome.CONFLICT, "alert '" + a.id() + "' is accepted by "
                        + who(a.acceptedBy, a.acceptedRole) + "; only they may hand it back");
            }
        }
        // a "not escalating" decision is always allowed on an active alert: a later one replaces an earlier one
        return Decision.of(Outcome.DONE, null);
    }

    /** Applies a journaled answer (live or in replay), if {@link #check} still says DONE. */
    public Outcome apply(Payload.AlertCommand c, long now) {
        Alert a = byId.get(c.alertId());
        Decision d = check(a, c, now);
        if (d.outcome() != Outcome.DONE) {
            return d.outcome();
        }
        if (c instanceof Payload.AlertAck ack) {
            acknowledge(a, ack, now);
        } else if (c instanceof Payload.AlertAckUndo) {
            undo(a, now);
        } else if (c instanceof Payload.AlertAccept accept) {
            accept(a, accept, now);
        } else if (c instanceof Payload.AlertDecline decline) {
            decline(a, decline, now);
        } else {
            notEscalating(a, (Payload.AlertNotEscalating) c, now);
        }
        ctx.changed(a.unit());
        return Outcome.DONE;
    }

    private void acknowledge(Alert a, Payload.AlertAck ack, long now) {
        firstAnswer(a);
        a.acknowledgedBy = ack.by();
        a.acknowledgedRole = ack.role();
        a.note = ack.note();
        a.acknowledgedAt = now;
        a.acknowledgedToken = ack.token();
        a.state = AlertState.ACKNOWLEDGED;
        record(a, AlertTransition.Type.ACKNOWLEDGED, now, ack.by(), ack.role(), null, ack.note(), null, null);
        reschedule(a, now);
    }

    /**
     * The episode's first answer, an acknowledgement or an acceptance: if it came before the alert escalated past
     * the first rung of its ladder, the episode was answered in time. Counted once an episode (an undone and
     * repeated acknowledgement is not a second), on the unit and day of its raise, where its raise was counted.
     */
    private void firstAnswer(Alert a) {
        if (a.answered) {
            return;
        }
        a.answered = true;
        if (!a.escalated) {
            LocalDate day = day(a.raisedOn(), a.raisedAt());
            burden(a.raisedOn()).answeredInTime.increment(day);
            board.add(a.raisedOn(), BoardMetric.ALERTS_ANSWERED_IN_TIME, day, 1, 0);
            raisedOnChanged(a);
        }
    }

    /**
     * The figures of the unit an alert was raised on changed, though the alert has followed its patient elsewhere:
     * that unit's screens are told too, or they would show the figure as it was until something else changed there.
     */
    private void raisedOnChanged(Alert a) {
        ctx.changed(a.raisedOn());
    }

    private void undo(Alert a, long now) {
        String by = a.acknowledgedBy;
        String role = a.acknowledgedRole;
        a.acknowledgedBy = null;
        a.acknowledgedRole = null;
        a.note = null;
        a.acknowledgedAt = 0;
        a.acknowledgedToken = null;
        boolean unanswered = a.acceptedBy == null;
        if (unanswered) {
            a.unanswered(); // before the transition is recorded: a listener sees the alert as it is after it
        }
        record(a, AlertTransition.Type.ACKNOWLEDGEMENT_UNDONE, now, by, role, null, null, null, null);
        if (unanswered) {
            advance(a, now, null); // rungs that fell due meanwhile are told now
        }
    }

    private void accept(Alert a, Payload.AlertAccept accept, long now) {
        firstAnswer(a);
        a.acceptedBy = accept.by();
        a.acceptedRole = accept.role();
        a.acceptedAt = now;
        a.state = AlertState.ACCEPTED;
        record(a, AlertTransition.Type.ACCEPTED, now, accept.by(), accept.role(), null, null, null, null);
        Burden b = burden(a.unit());
        b.toAcceptance.add(day(a.unit(), now), now - a.raisedAt());
        reschedule(a, now);
    }

    /**
     * A decline is recorded with its reason. The one who accepted may hand the alert back: it is unanswered again
     * and its ladder goes on. A decline by the role on the current rung of an unanswered alert takes the alert
     * up to the next rung at once: a known "no" is not left to wait out the rung's minutes.
     */
    private void decline(Alert a, Payload.AlertDecline decline, long now) {
        boolean handedBack = handsBack(a, decline);
        boolean stillAcknowledged = a.acknowledgedAt != 0;
        if (handedBack) {
            // before the transition is recorded: a listener sees the alert as it is after it
            a.acceptedBy = null;
            a.acceptedRole = null;
            a.acceptedAt = 0;
            if (stillAcknowledged) {
                a.state = AlertState.ACKNOWLEDGED;
            } else {
                a.unanswered();
            }
        }
        record(a, AlertTransition.Type.DECLINED, now, decline.by(), decline.role(), decline.reason(), null, null, null);
        burden(a.unit()).declines.get(DeclineReason.of(decline.reason())).increment(day(a.unit(), now));
        String who = who(decline.by(), decline.role());
        if (handedBack) {
            if (!stillAcknowledged) {
                advance(a, now, "handed back by " + who);
            }
            return;
        }
        EscalationLadder ladder = ladder(a);
        if (!a.state.answered() && !a.paused() && a.rungRole.id().equals(decline.role())
                && a.rung + 1 < ladder.size()) {
            climb(a, ladder, now, "declined by " + who);
            advance(a, now, null);
        }
    }

    private static boolean handsBack(Alert a, Payload.AlertDecline decline) {
        return a.acceptedBy != null && a.acceptedBy.equalsIgnoreCase(decline.by())
                && a.acceptedRole.equals(decline.role());
    }

    private void notEscalating(Alert a, Payload.AlertNotEscalating n, long now) {
        a.pausedBy = n.by();
        a.pausedRole = n.role();
        a.pausedReason = n.reason();
        a.pausedAt = now;
        a.pausedUntil = now + n.minutes() * MINUTE;
        record(a, AlertTransition.Type.NOT_ESCALATING, now, n.by(), n.role(), n.reason(), null, a.pausedUntil, null);
        reschedule(a, now);
    }

    private static String who(String by, String role) {
        return by + " (" + role + ")";
    }

    // ------------------------------------------------------------------ the ladder

    /** Worse: a more severe severity, or the same severity at a higher grade. */
    private static boolean worse(Severity severity, int grade, Severity than, int thanGrade) {
        return severity.ordinal() < than.ordinal() || severity == than && grade > thanGrade;
    }

    private void worsen(Alert a, long now) {
        boolean wasAnswered = a.state.answered();
        if (a.severity().ordinal() < a.ladderSeverity.ordinal()) {
            a.ladderSeverity = a.severity();
        }
        a.clearAnswers();
        if (wasAnswered) {
            a.ladderStart = now; // the answer covered the condition as it was; from now, the ladder again
        }
        a.unanswered();
        EscalationLadder ladder = ladder(a);
        capRung(a, ladder, now);
        a.lastNotifiedAt = now;
        markRenotified(a);
        record(a, AlertTransition.Type.WORSENED, now, null, null, null, null, null, null);
        advance(a, now, null);
    }

    private void reopen(Alert a, long now) {
        a.state = AlertState.RAISED;
        a.resolvedAt = 0;
        a.resolution = null;
        a.clearAnswers();
        a.unanswered();
        activate(a);
        capRung(a, ladder(a), now);
        a.lastNotifiedAt = now;
        markRenotified(a);
        record(a, AlertTransition.Type.REOPENED, now, null, null, null, null, null, null);
        advance(a, now, null);
    }

    /**
     * Brings an unanswered, unpaused alert up to date at {@code now}: every rung due is reached (ESCALATED), or,
     * when none is, the alert is told again if {@code why} says so or the last rung's repeat is due. Then the next
     * deadline is set.
     */
    private void advance(Alert a, long now, String why) {
        if (a.state == AlertState.RESOLVED) {
            return;
        }
        if (!a.state.answered() && !a.paused()) {
            EscalationLadder ladder = ladder(a);
            int due = 0;
            for (int i = 1; i < ladder.size(); i++) {
                if (a.ladderStart + ladder.rung(i).minutes() * MINUTE <= now) {
                    due = i;
                }
            }
            boolean climbed = false;
            while (a.rung < due) {
                climb(a, ladder, now, null);
                climbed = true;
            }
            if (!climbed) {
                if (why != null) {
                    renotify(a, now, why);
                } else if (a.rung == ladder.size() - 1 && ladder.repeatMinutes() > 0
                        && now >= a.lastNotifiedAt + ladder.repeatMinutes() * MINUTE) {
                    renotify(a, now, "still unanswered");
                }
            }
        }
        reschedule(a, now);
    }

    private void climb(Alert a, EscalationLadder ladder, long now, String why) {
        a.rung++;
        a.rungRole = role(ladder, a.rung);
        a.rungSince = now;
        a.lastNotifiedAt = now;
        if (!a.escalated) {
            a.escalated = true;
            a.escalatedAt = now;
        }
        a.unanswered();
        markRenotified(a);
        record(a, AlertTransition.Type.ESCALATED, now, null, null, null, null, null, why);
    }

    private void renotify(Alert a, long now, String why) {
        a.lastNotifiedAt = now;
        markRenotified(a);
        record(a, AlertTransition.Type.RENOTIFIED, now, null, null, null, null, null, why);
    }

    /** A ladder swapped for a shorter one (another severity, another kind of unit) keeps the rung it can. */
    private void capRung(Alert a, EscalationLadder ladder, long now) {
        keepRungOn(a, ladder, now);
        a.unanswered();
    }

    /** The highest rung the ladder has, at most the one reached, and its role; the answers stand. */
    private void keepRungOn(Alert a, EscalationLadder ladder, long now) {
        if (a.rung >= ladder.size()) {
            a.rung = ladder.size() - 1;
            a.rungSince = now;
        }
        a.rungRole = role(ladder, a.rung);
    }

    /** Sets the alert's one deadline from its state: the end of a pause, else (unanswered) its next rung or repeat. */
    private void reschedule(Alert a, long now) {
        timers.cancel(a.next);
        a.next = Deadlines.NONE;
        long at;
        if (a.state == AlertState.RESOLVED) {
            return;
        } else if (a.paused()) {
            at = a.pausedUntil;
        } else if (a.state.answered()) {
            return;
        } else {
            EscalationLadder ladder = ladder(a);
            if (a.rung + 1 < ladder.size()) {
                at = a.ladderStart + ladder.rung(a.rung + 1).minutes() * MINUTE;
            } else if (ladder.repeatMinutes() > 0) {
                at = a.lastNotifiedAt + ladder.repeatMinutes() * MINUTE;
            } else {
                return;
            }
        }
        a.next = timers.schedule(at, NEXT, a);
    }

    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        Alert a = (Alert) subject;
        if (kind == NEXT) {
            due(a, now);
        } else if (a.state == AlertState.RESOLVED && a.resolvedAt == due - KEEP_RESOLVED_MILLIS) {
            // still the resolution it was kept for (a re-opening and a later resolution keep it longer)
            byId.remove(a.id());
            resolvedByKey.remove(a);
        }
    }

    private void due(Alert a, long now) {
        a.next = Deadlines.NONE;
        if (a.paused() && now >= a.pausedUntil) {
            a.clearPause();
            ctx.changed(a.unit());
            advance(a, now, "not-escalating period ended");
        } else {
            advance(a, now, null);
        }
    }

    private EscalationLadder ladder(Alert a) {
        return policy.ladder(org.unit(a.unit()), a.kind().name(), a.ladderSeverity.name());
    }

    private ResponderRole role(EscalationLadder ladder, int rung) {
        return policy.role(ladder.rung(rung).role());
    }

    /** Counted once an episode, on the unit and day of its raise: the share re-notified is of those raised there. */
    private void markRenotified(Alert a) {
        if (!a.renotified) {
            a.renotified = true;
            burden(a.raisedOn()).renotified.increment(day(a.raisedOn(), a.raisedAt()));
            raisedOnChanged(a);
        }
    }

    /** Appends a transition: notifying types carry the rung and its role, and raising ones the severity and detail. */
    private void record(Alert a, AlertTransition.Type type, long now, String by, String role, String reason,
                        String note, Long until, String why) {
        boolean raising = type == AlertTransition.Type.RAISED || type == AlertTransition.Type.WORSENED
                || type == AlertTransition.Type.REOPENED;
        AlertTransition t = new AlertTransition(a.history.size() + 1, now, type,
                type.notifies() ? a.rung : null, type.notifies() ? a.rungRole.id() : role,
                raising ? a.severity() : null, raising ? a.detail() : null, by, reason, note, until, why);
        a.history.add(t);
        ctx.changed(a.unit());
        listener.transition(a, t);
    }

    // ------------------------------------------------------------------ snapshots

    @Override
    public int snapshotVersion() {
        return 3; // 2: the unit raised on apart from the unit now, and whether the episode was answered; 3: takenOver
    }

    /** Layout 2 reads as 3 with no alert taken over (3 added that section at the end): an upgrade keeps its snapshots. */
    @Override
    public int oldestReadable() {
        return 2;
    }

    /**
     * The id sequence; every alert the book holds (by id sequence), with its ladder, standing answers and history;
     * each unit's active alerts in their order (answers to a discharge go through them in it); the resolved alerts
     * a re-raise may re-open; each unit's burden counters.
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        out.writeLong(sequence);
        List<Alert> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(a -> number(a.id())));
        out.writeCount(all.size());
        for (Alert a : all) {
            writeAlert(a, out);
        }
        Map<String, Map<String, Alert>> active = new TreeMap<>(activeByUnit);
        out.writeCount(active.size());
        for (Map.Entry<String, Map<String, Alert>> u : active.entrySet()) {
            out.writeString(u.getKey());
            out.writeCount(u.getValue().size());
            for (String id : u.getValue().keySet()) {
                out.writeString(id);
            }
        }
        List<String> resolved = new ArrayList<>();
        for (Alert a : resolvedByKey.all()) {
            resolved.add(a.id());
        }
        resolved.sort(Comparator.comparingLong(AlertBook::number));
        out.writeCount(resolved.size());
        for (String id : resolved) {
            out.writeString(id);
        }
        Map<String, Burden> burdens = new TreeMap<>(burden);
        out.writeCount(burdens.size());
        for (Map.Entry<String, Burden> b : burdens.entrySet()) {
            out.writeString(b.getKey());
            b.getValue().write(out);
        }
        // layout 3: the alerts each alert took the ladder over from (the few that did), by id sequence
        List<Alert> tookOver = new ArrayList<>();
        for (Alert a : all) {
            if (!a.takenOver.isEmpty()) {
                tookOver.add(a);
            }
        }
        out.writeCount(tookOver.size());
        for (Alert a : tookOver) {
            out.writeString(a.id());
            out.writeCount(a.takenOver.size());
            for (Alert.TakenOver o : a.takenOver) {
                out.writeString(o.id());
                out.writeEnum(o.kind());
                out.writeEnum(o.worstSeverity());
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        sequence = in.readLong();
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            Alert a = readAlert(in);
            byId.put(a.id(), a);
        }
        int units = in.readCount();
        for (int i = 0; i < units; i++) {
            String unit = in.readString();
            Map<String, Alert> m = activeByUnit.computeIfAbsent(unit, u -> new LinkedHashMap<>());
            int active = in.readCount();
            for (int j = 0; j < active; j++) {
                Alert a = alert(in.readString());
                m.put(a.id(), a);
                activeByKey.put(a);
                indexByPatient(a);
            }
        }
        int resolved = in.readCount();
        for (int i = 0; i < resolved; i++) {
            Alert a = alert(in.readString());
            resolvedByKey.put(a);
        }
        int burdens = in.readCount();
        for (int i = 0; i < burdens; i++) {
            burden(in.readString()).read(in);
        }
        if (in.version("AlertBook", snapshotVersion()) >= 3) {
            int tookOver = in.readCount();
            for (int i = 0; i < tookOver; i++) {
                Alert a = alert(in.readString());
                int entries = in.readCount();
                for (int k = 0; k < entries; k++) {
                    a.takenOver.add(new Alert.TakenOver(in.readString(), in.readEnum(AlertKind.values()),
                            in.readEnum(Severity.values())));
                }
            }
        }
    }

    /** An alert of the snapshot being read. */
    private Alert alert(String id) {
        Alert a = byId.get(id);
        if (a == null) {
            throw new SnapshotIn.Corrupt("no alert " + id + " in the snapshot");
        }
        return a;
    }

    /** "AL-123" → 123: the order ids were given in. */
    private static long number(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private static void writeAlert(Alert a, SnapshotOut out) {
        out.writeString(a.id());
        out.writeString(a.raisedOn());
        out.writeEnum(a.kind());
        out.writeEnum(a.severity());
        out.writeInt(a.grade());
        out.writeString(a.subject());
        out.writeString(a.patient());
        out.writeString(a.bed());
        out.writeString(a.detail());
        out.writeLong(a.raisedAt());
        out.writeEnum(a.state);
        out.writeEnum(a.ladderSeverity);
        out.writeLong(a.ladderStart);
        out.writeInt(a.rung);
        out.writeString(a.rungRole.id());
        out.writeLong(a.rungSince);
        out.writeLong(a.lastNotifiedAt);
        out.writeBoolean(a.escalated);
        out.writeLong(a.escalatedAt);
        out.writeBoolean(a.renotified);
        out.writeString(a.acknowledgedBy);
        out.writeString(a.acknowledgedRole);
        out.writeString(a.note);
        out.writeLong(a.acknowledgedAt);
        out.writeString(a.acknowledgedToken);
        out.writeString(a.acceptedBy);
        out.writeString(a.acceptedRole);
        out.writeLong(a.acceptedAt);
        out.writeString(a.pausedBy);
        out.writeString(a.pausedRole);
        out.writeString(a.pausedReason);
        out.writeLong(a.pausedAt);
        out.writeLong(a.pausedUntil);
        out.writeLong(a.resolvedAt);
        out.writeString(a.resolution);
        out.writeLong(a.next);
        out.writeString(a.unit());
        out.writeBoolean(a.answered);
        out.writeCount(a.history.size());
        for (AlertTransition t : a.history) {
            out.writeInt(t.seq());
            out.writeLong(t.at());
            out.writeEnum(t.type());
            out.writeBoolean(t.rung() != null);
            if (t.rung() != null) {
                out.writeInt(t.rung());
            }
            out.writeString(t.role());
            out.writeEnum(t.severity());
            out.writeString(t.detail());
            out.writeString(t.by());
            out.writeString(t.reason());
            out.writeString(t.note());
            out.writeBoolean(t.until() != null);
            if (t.until() != null) {
                out.writeLong(t.until());
            }
            out.writeString(t.why());
        }
    }

    private Alert readAlert(SnapshotIn in) {
        Alert a = new Alert(in.readString(), in.readString(), in.readEnum(AlertKind.values()),
                in.readEnum(Severity.values()), in.readInt(), in.readString(), in.readString(), in.readString(),
                in.readString(), in.readLong());
        a.state = in.readEnum(AlertState.values());
        a.ladderSeverity = in.readEnum(Severity.values());
        a.ladderStart = in.readLong();
        a.rung = in.readInt();
        String role = in.readString();
        a.rungRole = policy.role(role);
        if (a.rungRole == null || a.kind() == null || a.state == null || a.ladderSeverity == null) {
            throw new SnapshotIn.Corrupt("alert " + a.id() + " without a kind, state, ladder or role (" + role + ")");
        }
        a.rungSince = in.readLong();
        a.lastNotifiedAt = in.readLong();
        a.escalated = in.readBoolean();
        a.escalatedAt = in.readLong();
        a.renotified = in.readBoolean();
        a.acknowledgedBy = in.readString();
        a.acknowledgedRole = in.readString();
        a.note = in.readString();
        a.acknowledgedAt = in.readLong();
        a.acknowledgedToken = in.readString();
        a.acceptedBy = in.readString();
        a.acceptedRole = in.readString();
        a.acceptedAt = in.readLong();
        a.pausedBy = in.readString();
        a.pausedRole = in.readString();
        a.pausedReason = in.readString();
        a.pausedAt = in.readLong();
        a.pausedUntil = in.readLong();
        a.resolvedAt = in.readLong();
        a.resolution = in.readString();
        a.next = in.readLong();
        String unit = in.readString();
        if (unit == null || ctx.unit(unit) == null) {
            throw new SnapshotIn.Corrupt("alert " + a.id() + " on a unit not in the organisation: " + unit);
        }
        if (!unit.equals(a.unit())) {
            a.moveTo(unit, a.bed()); // it followed its patient: its figures stay on the unit it was raised on
        }
        a.answered = in.readBoolean();
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            a.history.add(new AlertTransition(in.readInt(), in.readLong(), in.readEnum(AlertTransition.Type.values()),
                    in.readBoolean() ? in.readInt() : null, in.readString(), in.readEnum(Severity.values()),
                    in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readBoolean() ? in.readLong() : null, in.readString()));
        }
        return a;
    }

    /** Both kinds of deadline are about an alert the book holds: its id. */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        Alert a = (Alert) subject;
        if (byId.get(a.id()) != a) {
            throw new IllegalStateException("a deadline of alert " + a.id() + ", which the book no longer holds");
        }
        out.writeString(a.id());
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        return alert(in.readString());
    }

    // ------------------------------------------------------------------ reading

    public Alert get(String id) {
        return byId.get(id);
    }

    public Alert active(String unit, AlertKind kind, String subject) {
        return activeByKey.get(unit, kind, subject);
    }

    /** The unit's active alerts in no particular order, read only and not copied (for counting; do not keep). */
    public Collection<Alert> activeOn(String unit) {
        Map<String, Alert> m = activeByUnit.get(unit);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    /** The unit's active alerts, most severe first, then newest first (the wall's order). */
    public List<Alert> active(String unit) {
        Map<String, Alert> m = activeByUnit.get(unit);
        List<Alert> out = m == null ? new ArrayList<>() : new ArrayList<>(m.values());
        out.sort(WALL_ORDER);
        return out;
    }

    public static final Comparator<Alert> WALL_ORDER = Comparator.comparing(Alert::severity)
            .thenComparing(Comparator.comparingLong(Alert::raisedAt).reversed())
            .thenComparing(Alert::id);

    /** Every alert (active, or resolved within the last day) the filter admits, in the wall's order. */
    public List<Alert> find(Predicate<Alert> filter) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : byId.values()) {
            if (filter.test(a)) {
                out.add(a);
            }
        }
        out.sort(WALL_ORDER);
        return out;
    }

    /**
     * Whether the role has been told of the alert: its ladder has reached the role's rung (or, for a role not on
     * the ladder, the role accepted it). A responder's page lists these.
     */
    public boolean reached(Alert a, String role) {
        int at = ladder(a).indexOf(role);
        return at >= 0 && at <= a.rung || role.equals(a.acceptedRole);
    }

    /** The unit's alert burden for its {@code today}: alarm fatigue is itself a safety risk. */
    public AlertBurden burden(String unit, LocalDate today, int patients) {
        Burden b = burden(unit);
        int raised = b.raised.on(today);
        int resolved = b.resolved.on(today);
        Map<DeclineReason, Integer> declines = new EnumMap<>(DeclineReason.class);
        int declined = 0;
        for (DeclineReason r : DeclineReason.values()) {
            int n = b.declines.get(r).on(today);
            declines.put(r, n);
            declined += n;
        }
        Double median = b.toAcceptance.median(today);
        return new AlertBurden(raised, patients == 0 ? null : Math.round(1000.0 * raised / patients) / 10.0,
                percent(b.answeredInTime.on(today), raised), resolved,
                percent(b.resolvedUnanswered.on(today), resolved), b.toAcceptance.count(today),
                median == null ? null : Math.round(median / 6_000.0) / 10.0,
                percent(b.renotified.on(today), raised), declined, declines);
    }

    private static Double percent(int part, int whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }

    private void resolve(Alert a, long now, String why) {
        boolean unanswered = !a.state.answered();
        deactivate(a);
        a.state = AlertState.RESOLVED;
        a.resolvedAt = now;
        a.resolution = why;
        a.clearPause();
        record(a, AlertTransition.Type.RESOLVED, now, null, null, null, null, null, why);
        reschedule(a, now);
        resolvedByKey.put(a);
        Burden b = burden(a.unit());
        b.resolved.increment(day(a.unit(), now));
        if (unanswered) {
            b.resolvedUnanswered.increment(day(a.unit(), now));
        }
        timers.schedule(now + KEEP_RESOLVED_MILLIS, FORGET, a);
    }

    /** The patient's active alerts on the unit, in their order there; a copy (the caller moves or resolves them). */
    private List<Alert> activeAbout(String patient, String unit) {
        List<Alert> mine = activeByPatient.get(patient);
        if (mine == null) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>(mine.size());
        for (Alert a : mine) {
            if (a.unit().equals(unit)) {
                out.add(a);
            }
        }
        return out;
    }

    private void activate(Alert a) {
        activeByKey.put(a);
        activeByUnit.computeIfAbsent(a.unit(), u -> new LinkedHashMap<>()).put(a.id(), a);
        indexByPatient(a);
        ctx.changed(a.unit());
    }

    private void indexByPatient(Alert a) {
        if (a.patient() != null) {
            activeByPatient.computeIfAbsent(a.patient(), p -> new ArrayList<>(2)).add(a);
        }
    }

    private void deactivate(Alert a) {
        activeByKey.remove(a);
        Map<String, Alert> m = activeByUnit.get(a.unit());
        if (m != null) {
            m.remove(a.id());
        }
        List<Alert> mine = a.patient() == null ? null : activeByPatient.get(a.patient());
        if (mine != null && mine.remove(a) && mine.isEmpty()) {
            activeByPatient.remove(a.patient());
        }
        ctx.changed(a.unit());
    }

    private Burden burden(String unit) {
        return burden.computeIfAbsent(unit, u -> new Burden());
    }

    private LocalDate day(String unit, long t) {
        return ctx.day(unit, t);
    }

    /** Per unit: counts on the local day they belong to (a raise's day for what is about that raise). */
    private static final class Burden {
        final DailyCounter raised = new DailyCounter();
        final DailyCounter answeredInTime = new DailyCounter();
        final DailyCounter renotified = new DailyCounter();
        final DailyCounter resolved = new DailyCounter();
        final DailyCounter resolvedUnanswered = new DailyCounter();
        final DailySamples toAcceptance = new DailySamples();
        final Map<DeclineReason, DailyCounter> declines = new EnumMap<>(DeclineReason.class);

        Burden() {
            for (DeclineReason r : DeclineReason.values()) {
                declines.put(r, new DailyCounter());
            }
        }

        void write(SnapshotOut out) {
            raised.write(out);
            answeredInTime.write(out);
            renotified.write(out);
            resolved.write(out);
            resolvedUnanswered.write(out);
            toAcceptance.write(out);
            out.writeCount(declines.size());
            for (DailyCounter c : declines.values()) {
                c.write(out);
            }
        }

        void read(SnapshotIn in) {
            raised.read(in);
            answeredInTime.read(in);
            renotified.read(in);
            resolved.read(in);
            resolvedUnanswered.read(in);
            toAcceptance.read(in);
            int n = in.readCount();
            if (n != declines.size()) {
                throw new SnapshotIn.Corrupt(n + " decline reasons in the snapshot, " + declines.size() + " here");
            }
            for (DailyCounter c : declines.values()) {
                c.read(in);
            }
        }
    }
}
