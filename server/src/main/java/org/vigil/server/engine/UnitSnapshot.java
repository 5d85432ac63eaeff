package org.vigil.server.engine;

import org.vigil.events.EventType;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBurden;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.assessments.AssessmentsSummary;
import org.vigil.server.carehomes.CareHomeSummary;
import org.vigil.server.census.CensusSummary;
import org.vigil.server.deterioration.DeteriorationSummary;
import org.vigil.server.deterioration.SepsisSummary;
import org.vigil.server.flags.ConcernsSummary;
import org.vigil.server.flags.DailyAskSummary;
import org.vigil.server.flags.FlagsSummary;
import org.vigil.server.flags.ReliabilitySummary;
import org.vigil.server.kernel.Feature;
import org.vigil.server.medicines.MedicinesSummary;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.UnitState;
import org.vigil.server.staffing.StaffingSummary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a reader may know of one ward or care home at one moment: the typed read model, composed of the
 * rules' summary records, immutable and safe to hand to any thread. The API, the walls, the time series and the
 * pages' server side read these records; JSON is written from them only at the edges, one encoder per surface.
 *
 * <p>A rule's summary is null where the rule has nothing for this kind of unit (staffing, sepsis screens and the
 * daily ask are wards'; the community view's figures are care homes') and when the rule threw (then it is named in
 * {@link #rulesFailing}).
 *
 * @param version      the unit's snapshot version: see {@link Publication} (0 for a state that publishes nothing)
 * @param asOf         the engine clock when it was taken (epoch ms); {@link Long#MIN_VALUE} before the first record
 * @param lastEventAt  when each feed last delivered to the unit (epoch ms), feeds that never did left out
 * @param siteRules    the summaries of the site's own rules, in registration order (nulls left out)
 * @param alerts       the unit's active alerts, most severe first then newest (the wall's order), no history
 * @param rulesFailing every rule that has failed since start-up, system-wide: a failed rule may have left any
 *                     unit's figures wrong, so every wall says so
 */
public record UnitSnapshot(UnitIdentity unit, long version, long asOf, CensusSummary census,
                           Map<EventType, Long> lastEventAt, StaffingSummary staffing,
                           DeteriorationSummary deterioration, SepsisSummary sepsis, MedicinesSummary medicines,
                           AssessmentsSummary assessments, CareHomeSummary careHome, FlagsSummary flags,
                           ConcernsSummary concerns, DailyAskSummary dailyAsk, ReliabilitySummary reliability,
                           List<Record> siteRules, List<AlertView> alerts, AlertBurden alertBurden,
                           List<String> rulesFailing) {

    /** Whether the engine clock had started when it was taken. */
    public boolean started() {
        return asOf != Long.MIN_VALUE;
    }

    /** The same snapshot, read at a later engine clock (nothing of the unit changed since it was taken). */
    public UnitSnapshot at(long later) {
        return new UnitSnapshot(unit, version, later, census, lastEventAt, staffing, deterioration, sepsis, medicines,
                assessments, careHome, flags, concerns, dailyAsk, reliability, siteRules, alerts, alertBurden,
                rulesFailing);
    }

    /** The unit's snapshot now, from the state (engine thread, or the thread that owns the state). */
    public static UnitSnapshot of(EngineState state, String unitId, long version) {
        UnitState u = state.unit(unitId);
        if (u == null) {
            return null;
        }
        LocalDate today = state.today(unitId);
        Map<EventType, Long> feeds = new EnumMap<>(EventType.class);
        for (EventType t : EventType.values()) {
            if (!t.internal() && u.lastEventAt(t) != 0) {
                feeds.put(t, u.lastEventAt(t));
            }
        }
        StaffingSummary staffing = state.summary(state.staffing(), unitId, today);
        DeteriorationSummary deterioration = state.summary(state.deterioration(), unitId, today);
        SepsisSummary sepsis = state.summary(state.sepsis(), unitId, today);
        MedicinesSummary medicines = state.summary(state.medicines(), unitId, today);
        AssessmentsSummary assessments = state.summary(state.assessments(), unitId, today);
        CareHomeSummary careHome = state.summary(state.careHomes(), unitId, today);
        FlagsSummary flags = state.summary(state.flags(), unitId, today);
        ConcernsSummary concerns = state.summary(state.concerns(), unitId, today);
        DailyAskSummary dailyAsk = state.summary(state.dailyAsk(), unitId, today);
        ReliabilitySummary reliability = state.summary(state.reliability(), unitId, today);
        List<Record> site = List.of();
        for (Feature f : state.siteRules()) {
            Record r = state.summary(f, unitId, today);
            if (r != null) {
                if (site.isEmpty()) {
                    site = new ArrayList<>();
                }
                site.add(r);
            }
        }
        List<Alert> active = state.alerts().active(unitId);
        List<AlertView> alerts = new ArrayList<>(active.size());
        for (Alert a : active) {
            alerts.add(AlertView.of(a, false));
        }
        AlertBurden burden = state.alerts().burden(unitId, today, u.census().count());
        return new UnitSnapshot(UnitIdentity.of(u.unit(), state.organisation()), version,
                state.clock().started() ? state.clock().now() : Long.MIN_VALUE, u.census().summary(today),
                Collections.unmodifiableMap(feeds), staffing, deterioration, sepsis, medicines, assessments, careHome,
                flags, concerns, dailyAsk, reliability, List.copyOf(site), Collections.unmodifiableList(alerts), burden,
                // last: a summary that threw just now is among them
                state.ruleFailures().failing());
    }
}
