package org.vigil.server.flags;

import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.DailyCounter;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Martha's rule (NHS England 2024; reference/marthas-rule.md): a concern raised by a patient, their family or a
 * member of staff is a PATIENT_CONCERN alert on its own escalation ladder (policies.escalation.ladders, by default
 * the nurse in charge and critical-care outreach at once, the site manager at 30 minutes while unanswered).
 *
 * <ul>
 *   <li>Each concern is its own alert (subject: patient, the concern's event time and who raised it), so a
 *       second call after the first was acknowledged alerts again rather than vanishing into the acknowledged
 *       one, and the family's and a nurse's concerns made in the same second are two; the same concern resent
 *       by the feed is one alert.</li>
 *   <li>Schema v1 has no "concern resolved" event: an acknowledged concern stays open until the patient is
 *       discharged (the AlertBook resolves a patient's alerts then) and follows the patient on transfer.</li>
 *   <li>A concern about a patient the census does not have is still raised, on the sending unit: a concern is
 *       never dropped for a feed's sake. One made before a discharge the census already has (it arrived late) is
 *       raised and resolved by that discharge at once, as it would have been had it arrived in order: nothing
 *       else could ever resolve it.</li>
 * </ul>
 * Engine thread only.
 */
public final class Concerns implements Feature, SnapshotSlice {
    private final RuleContext ctx;
    private final Movements census;
    private final AlertBook alerts;
    private final BoardSeries board;
    private final Map<String, DailyCounter> raisedToday = new HashMap<>();

    public Concerns(RuleContext ctx, Movements census, AlertBook alerts, BoardSeries board) {
        this.ctx = ctx;
        this.board = board;
        this.census = census;
        this.alerts = alerts;
    }

    @Override
    public void apply(Event e) {
        Payload.Concern c = (Payload.Concern) e.payload();
        raise(c.patient(), e.unit(), e.time(), c.raisedBy().name(),
                "Martha's rule: concern raised by " + c.raisedBy().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Raises a concern about the patient, on the unit the census has them on (else the sending unit), made at
     * {@code at} by {@code whom}: one alert per concern, counted in the unit's concerns today. Also the route for a
     * "worse" answer to Martha's rule daily ask.
     */
    void raise(String patient, String sendingUnit, long at, String whom, String detail) {
        Patient p = census.patient(patient);
        String unit = p != null ? p.unit() : sendingUnit;
        String subject = patient + '@' + at + '/' + whom;
        if (alerts.active(unit, AlertKind.PATIENT_CONCERN, subject) != null) {
            return;
        }
        alerts.raise(unit, AlertKind.PATIENT_CONCERN, AlertKind.PATIENT_CONCERN.defaultSeverity(), subject,
                patient, census.bedOf(patient), detail, ctx.now());
        long discharged = p == null ? census.dischargedAt(patient) : 0;
        if (discharged != 0 && discharged >= at) {
            alerts.resolve(unit, AlertKind.PATIENT_CONCERN, subject, ctx.now(), "discharged");
        }
        LocalDate day = ctx.day(unit, at);
        raisedToday.computeIfAbsent(unit, u -> new DailyCounter()).increment(day);
        board.add(unit, BoardMetric.MARTHAS_RULE_CONCERNS, day, 1, 0);
        ctx.changed(unit);
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Each unit's concerns raised today (the concerns themselves are the alert book's). */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        DailyCounter.writeAll(raisedToday, out);
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        DailyCounter.readAll(raisedToday, in);
    }

    /** The unit's concerns open now (and of them, unanswered), and those raised on its local {@code today}. */
    @Override
    public ConcernsSummary summary(String unit, LocalDate today) {
        int open = 0;
        int awaiting = 0;
        for (Alert a : alerts.activeOn(unit)) {
            if (a.kind() == AlertKind.PATIENT_CONCERN) {
                open++;
                if (!a.state().answered()) {
                    awaiting++;
                }
            }
        }
        DailyCounter c = raisedToday.get(unit);
        return new ConcernsSummary(open, awaiting, c == null ? 0 : c.on(today));
    }
}
