package org.vigil.server.deterioration;

import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.news2.News2Score;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.SepsisScreenOutcome;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.RiskSeverity;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sepsis screening prompt (NICE NG51, 2016, updated 2024 to stratify suspected sepsis in hospital by NEWS2; NHS
 * England, "Sepsis guidance implementation advice for adults", 2017, in the NHS Standard Contract since 2019: a
 * NEWS2 of 5 or more means likely organ dysfunction and calls for urgent senior assessment, thinking sepsis).
 *
 * <ul>
 *   <li>A ward patient's current NEWS2 reaching 5 or more ({@link #TRIGGER} risk or above) starts an episode at that set's
 *       time. Unless a sepsis screen counts for it, SEPSIS_SCREEN_DUE is raised once
 *       {@code policies.sepsis.screenWithinMinutes} (default 60) have passed: a screen at exactly the 60th
 *       minute is in time, the alert comes from the next millisecond. Its severity is the patient's NEWS2 risk
 *       ({@link RiskSeverity}: MEDIUM at 5–6, HIGH at 7 or more).</li>
 *   <li>Which screens count: any screen recorded at or after the triggering set; and a <em>positive</em> screen
 *       (sepsis suspected or high risk) in the window before it, since that patient is already on the sepsis
 *       pathway and a second screen adds nothing. A <em>negative</em> screen from before the trigger does not
 *       count: the rise to 5 or more is new information, which is exactly what NHS England makes the trigger
 *       for thinking sepsis again.</li>
 *   <li>A screen resolves the alert ("sepsis screen recorded: OUTCOME"); NEWS2 falling below 5 ends the episode
 *       and resolves it too; a later rise starts a new episode. Staying at 5 or more does not ask again.</li>
 * </ul>
 * Engine thread only.
 */
public final class SepsisScreening implements Feature, CensusListener, Deadlines.Owner, SnapshotSlice {
    /**
     * NHS England 2017 / NICE NG51 (2024): NEWS2 5 or more is the trigger, which is exactly Chart 3's MEDIUM and
     * HIGH clinical risk (aggregate 5–6 and 7 or more): the band is read from {@link ClinicalRisk}, not written
     * again here.
     */
    static final ClinicalRisk TRIGGER = ClinicalRisk.MEDIUM;
    private static final long NONE = Long.MIN_VALUE;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private final RuleContext ctx;
    private final Movements census;
    private final AlertBook alerts;
    private final Deadlines.Timers timers;
    private final Deterioration deterioration;
    private final long windowMillis;
    private final Map<String, Watch> byPatient = new HashMap<>();

    public SepsisScreening(RuleContext ctx, Movements census, AlertBook alerts, Deterioration deterioration) {
        this.ctx = ctx;
        this.census = census;
        this.alerts = alerts;
        this.timers = ctx.timers(this, name());
        this.deterioration = deterioration;
        this.windowMillis = ctx.policies().sepsis().screenWithinMinutes() * 60_000L;
    }

    /** One patient: their current episode of NEWS2 ≥ 5, if any, and their latest screen. */
    private static final class Watch {
        final String patient;
        String unit;
        /** The set that took NEWS2 to 5 or more, or NONE outside an episode. */
        long triggeredAt = NONE;
        int triggerScore;
        boolean satisfied;
        boolean due;
        long deadline = Deadlines.NONE;
        long lastScreenAt = NONE;
        SepsisScreenOutcome lastOutcome;

        Watch(String patient) {
            this.patient = patient;
        }
    }

    @Override
    public void apply(Event e) {
        if (e.type() == EventType.OBSERVATION) {
            observed((Payload.Observation) e.payload(), e.time());
        } else if (e.type() == EventType.SEPSIS_SCREEN) {
            screened((Payload.SepsisScreen) e.payload(), e);
        }
    }

    private void observed(Payload.Observation o, long at) {
        Deterioration.CurrentSet set = deterioration.currentSet(o.patient());
        if (set == null || set.takenAt() != at || !(ctx.unit(set.unit()) instanceof Ward)) {
            return; // a late set that is not the patient's current state, or not on a ward
        }
        Watch w = byPatient.get(o.patient());
        if (set.score().risk().compareTo(TRIGGER) < 0) {
            if (w != null && w.triggeredAt != NONE) {
                endEpisode(w, "NEWS2 fell to " + set.score().total());
            }
            return;
        }
        if (w == null) {
            w = new Watch(o.patient());
            byPatient.put(w.patient, w);
        }
        w.unit = set.unit();
        if (w.triggeredAt != NONE) {
            if (w.due) {
                raise(w, ctx.now()); // still owed: its severity follows the current risk
            }
            return;
        }
        w.triggeredAt = at;
        w.triggerScore = set.score().total();
        w.satisfied = w.lastScreenAt != NONE && counts(w.lastScreenAt, w.lastOutcome, at);
        if (!w.satisfied) {
            // "within 60 minutes" includes the 60th: owed from the next millisecond
            long owedFrom = at + windowMillis + 1;
            if (owedFrom <= ctx.now()) {
                raise(w, ctx.now());
            } else {
                w.deadline = timers.schedule(owedFrom, 0, w);
            }
        }
    }

    /** Whether a screen at {@code screenAt} answers an episode triggered at {@code triggeredAt}. */
    private boolean counts(long screenAt, SepsisScreenOutcome outcome, long triggeredAt) {
        return screenAt >= triggeredAt || (outcome.positive() && screenAt >= triggeredAt - windowMillis);
    }

    private void screened(Payload.SepsisScreen s, Event e) {
        Watch w = byPatient.get(s.patient());
        if (w == null) {
            w = new Watch(s.patient());
            Patient p = census.patient(s.patient());
            w.unit = p != null ? p.unit() : e.unit();
            byPatient.put(w.patient, w);
        }
        if (e.time() >= w.lastScreenAt) {
            w.lastScreenAt = e.time();
            w.lastOutcome = s.outcome();
        }
        if (w.triggeredAt != NONE && !w.satisfied && counts(e.time(), s.outcome(), w.triggeredAt)) {
            w.satisfied = true;
            cancel(w);
            if (w.due) {
                w.due = false;
                alerts.resolve(w.unit, AlertKind.SEPSIS_SCREEN_DUE, w.patient, ctx.now(),
                        "sepsis screen recorded: " + s.outcome().name());
            }
        }
        ctx.changed(w.unit);
    }

    /** The one kind of deadline: the screen is owed. */
    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        raise((Watch) subject, now);
    }

    private void raise(Watch w, long now) {
        w.deadline = Deadlines.NONE;
        w.due = true;
        News2Score current = deterioration.current(w.patient);
        ClinicalRisk risk = current == null ? ClinicalRisk.MEDIUM : current.risk();
        String at = HH_MM.format(Instant.ofEpochMilli(w.triggeredAt).atZone(ctx.unit(w.unit).zone()));
        alerts.raise(w.unit, AlertKind.SEPSIS_SCREEN_DUE, RiskSeverity.of(risk), w.patient, w.patient,
                census.bedOf(w.patient), "NEWS2 " + w.triggerScore + " at " + at + ": no sepsis screen recorded within "
                        + windowMillis / 60_000L + " min", now);
        ctx.changed(w.unit);
    }

    private void endEpisode(Watch w, String why) {
        cancel(w);
        if (w.due) {
            alerts.resolve(w.unit, AlertKind.SEPSIS_SCREEN_DUE, w.patient, ctx.now(), why);
        }
        w.due = false;
        w.satisfied = false;
        w.triggeredAt = NONE;
        ctx.changed(w.unit);
    }

    private void cancel(Watch w) {
        timers.cancel(w.deadline);
        w.deadline = Deadlines.NONE;
    }

    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        if (!(ctx.unit(p.unit()) instanceof Ward)) {
            discharged(p, fromUnit, at); // into a care home: its own rules (RESTORE2) take over, not a ward's
            return;
        }
        Watch w = byPatient.get(p.id());
        if (w != null) {
            w.unit = p.unit(); // the alert book has moved the alert with them
        }
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        Watch w = byPatient.remove(p.id());
        if (w != null) {
            cancel(w); // the engine resolves their alerts
        }
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Every patient watched, by id: their episode, latest screen and deadline. */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, Watch> watched = new TreeMap<>(byPatient);
        out.writeCount(watched.size());
        for (Watch w : watched.values()) {
            out.writeString(w.patient);
            out.writeString(w.unit);
            out.writeLong(w.triggeredAt);
            out.writeInt(w.triggerScore);
            out.writeBoolean(w.satisfied);
            out.writeBoolean(w.due);
            out.writeLong(w.deadline);
            out.writeLong(w.lastScreenAt);
            out.writeEnum(w.lastOutcome);
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            Watch w = new Watch(in.readString());
            w.unit = in.readString();
            w.triggeredAt = in.readLong();
            w.triggerScore = in.readInt();
            w.satisfied = in.readBoolean();
            w.due = in.readBoolean();
            w.deadline = in.readLong();
            w.lastScreenAt = in.readLong();
            w.lastOutcome = in.readEnum(SepsisScreenOutcome.values());
            byPatient.put(w.patient, w);
        }
    }

    /** The one kind of deadline is about a patient watched: their id. */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        Watch w = (Watch) subject;
        if (byPatient.get(w.patient) != w) {
            throw new IllegalStateException("a sepsis screen deadline for a patient no longer watched");
        }
        out.writeString(w.patient);
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        Watch w = byPatient.get(in.readString());
        if (w == null) {
            throw new SnapshotIn.Corrupt("a sepsis screen deadline for a patient not in the snapshot");
        }
        return w;
    }

    /** Wards only: how many of the ward's patients are owed a sepsis screen now (active SEPSIS_SCREEN_DUE). */
    @Override
    public SepsisSummary summary(String unit, LocalDate today) {
        if (!(ctx.unit(unit) instanceof Ward)) {
            return null;
        }
        int owed = 0;
        for (Alert a : alerts.activeOn(unit)) {
            owed += a.kind() == AlertKind.SEPSIS_SCREEN_DUE ? 1 : 0;
        }
        return new SepsisSummary(owed);
    }
}
