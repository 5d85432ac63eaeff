package org.vigil.server.flags;

import org.vigil.events.DailyAskAnswer;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.organisation.Ward;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Martha's rule, component 3 (NHS England 2024; reference/marthas-rule.md): information about the patient's
 * condition is asked directly of patients and families at least daily. Each {@code marthasRuleAsk} records that
 * the patient, their family or carer was asked, with the answer.
 *
 * <ul>
 *   <li>The ward counts its inpatients (census) asked and not yet asked on its local calendar day:
 *       {@code patientsAskedToday}, {@code patientsNotAskedToday}. "Today" turns over at local midnight
 *       (DST-correct); an ask counts on its own event-time day, so a late ask from yesterday is not today's.</li>
 *   <li>An answer of WORSE is a concern, raised exactly as a {@code concern} event is (a PATIENT_CONCERN alert
 *       on the concern's ladder: the nurse in charge and outreach at once), so a family's "worse" at the daily
 *       ask is never only a tick in a box.</li>
 *   <li>An ask follows the patient on transfer (they were asked today wherever they were); discharge forgets it.</li>
 * </ul>
 * Wards only: Martha's rule is for acute and specialist trusts. Engine thread only.
 */
public final class MarthasRuleDailyAsk implements Feature, CensusListener, SnapshotSlice {
    private final RuleContext ctx;
    private final Movements census;
    private final Concerns concerns;
    /** The inpatients on each ward, as the census told this rule. */
    private final Map<String, Set<String>> onWard = new HashMap<>();
    /** Each inpatient's latest ask, as the local date it was made on. */
    private final Map<String, LocalDate> lastAsked = new HashMap<>();

    public MarthasRuleDailyAsk(RuleContext ctx, Movements census, Concerns concerns) {
        this.ctx = ctx;
        this.census = census;
        this.concerns = concerns;
    }

    @Override
    public void apply(Event e) {
        Payload.MarthasRuleAsk ask = (Payload.MarthasRuleAsk) e.payload();
        Patient p = census.patient(ask.patient());
        String unit = p != null ? p.unit() : e.unit();
        if (p != null) {
            lastAsked.merge(ask.patient(), ctx.day(unit, e.time()), (a, b) -> a.isAfter(b) ? a : b);
        }
        if (ask.answer() == DailyAskAnswer.WORSE) {
            concerns.raise(ask.patient(), e.unit(), e.time(), "ask:" + ask.asked().name(), "Martha's rule daily ask: the "
                    + ask.asked().name().toLowerCase(Locale.ROOT) + " says the patient is worse");
        }
        ctx.changed(unit);
    }

    @Override
    public void admitted(Patient p, long at) {
        onWard.computeIfAbsent(p.unit(), u -> new HashSet<>()).add(p.id());
    }

    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        Set<String> from = onWard.get(fromUnit);
        if (from != null) {
            from.remove(p.id());
        }
        onWard.computeIfAbsent(p.unit(), u -> new HashSet<>()).add(p.id());
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        Set<String> here = onWard.get(unit);
        if (here != null) {
            here.remove(p.id());
        }
        lastAsked.remove(p.id());
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Each unit's inpatients as this rule was told them, and each inpatient's latest ask (both sorted). */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, Set<String>> units = new TreeMap<>(onWard);
        out.writeCount(units.size());
        for (Map.Entry<String, Set<String>> u : units.entrySet()) {
            out.writeString(u.getKey());
            Set<String> patients = new TreeSet<>(u.getValue());
            out.writeCount(patients.size());
            for (String p : patients) {
                out.writeString(p);
            }
        }
        Map<String, LocalDate> asked = new TreeMap<>(lastAsked);
        out.writeCount(asked.size());
        for (Map.Entry<String, LocalDate> a : asked.entrySet()) {
            out.writeString(a.getKey());
            out.writeDate(a.getValue());
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int units = in.readCount();
        for (int i = 0; i < units; i++) {
            Set<String> patients = new HashSet<>();
            onWard.put(in.readString(), patients);
            int n = in.readCount();
            for (int j = 0; j < n; j++) {
                patients.add(in.readString());
            }
        }
        int asked = in.readCount();
        for (int i = 0; i < asked; i++) {
            lastAsked.put(in.readString(), in.readDate());
        }
    }

    /** Wards only: inpatients asked and not yet asked on the ward's local {@code today}. */
    @Override
    public DailyAskSummary summary(String unit, LocalDate today) {
        if (!(ctx.unit(unit) instanceof Ward)) {
            return null;
        }
        int asked = 0;
        int notAsked = 0;
        Set<String> patients = onWard.get(unit);
        if (patients != null) {
            for (String id : patients) {
                if (today.equals(lastAsked.get(id))) {
                    asked++;
                } else {
                    notAsked++;
                }
            }
        }
        return new DailyAskSummary(asked, notAsked);
    }
}
