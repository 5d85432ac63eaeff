package org.vigil.server.timeseries;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.DailyAskAnswer;
import org.vigil.events.DailyAskRespondent;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.PatientFlag;
import org.vigil.events.Payload;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.events.SepsisScreenOutcome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.alerts.Alert;
import org.vigil.server.engine.Engine;
import org.vigil.server.journal.Journal;
import org.vigil.server.metrics.OperationsMetrics;
import org.vigil.server.rules.EngineState;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The InfluxDB schema, pinned: every measurement, its tags, and every field name (all floats) that
 * {@link InfluxSchema} and the writer produce, listed here by hand. The Grafana dashboards and docs/timeseries.md
 * read these names, so a renamed field — or a renamed enum constant behind one — fails here, never silently on a
 * dashboard (and a renamed record component fails the build, since the mapping reads components by name).
 */
class InfluxSchemaTest {
    /** The fields every unit writes, ward or care home. */
    static final Set<String> UNIT_STATE = Set.of(
            "admissions_today", "aki", "alert_burden_accepted_today", "alert_burden_acknowledged_within_target_percent",
            "alert_burden_alerts_per100_bed_days", "alert_burden_declines_by_reason_already_being_reviewed",
            "alert_burden_declines_by_reason_not_for_my_team", "alert_burden_declines_by_reason_other",
            "alert_burden_declines_by_reason_with_another_patient", "alert_burden_declines_today",
            "alert_burden_median_minutes_to_acceptance", "alert_burden_raised_today", "alert_burden_renotified_percent",
            "alert_burden_resolved_today", "alert_burden_resolved_without_action_percent", "alerts_active",
            "alerts_active_assessment_overdue", "alerts_active_critical_dose_missed", "alerts_active_high",
            "alerts_active_low", "alerts_active_medium", "alerts_active_news2_high", "alerts_active_news2_low_medium",
            "alerts_active_news2_medium", "alerts_active_observations_overdue", "alerts_active_patient_concern",
            "alerts_active_restore2_escalation", "alerts_active_sepsis_screen_due",
            "alerts_active_staffing_not_reported", "alerts_active_staffing_red_flag", "alerts_escalated",
            "alerts_unacknowledged", "beds", "concerns_awaiting_response", "concerns_open", "concerns_today",
            "critical_doses_delayed_today", "critical_doses_due_today", "discharges_expected_today", "discharges_today",
            "doses_due_today", "flags_aki", "flags_awaiting_infection_test", "flags_discharge_today",
            "flags_golden_discharge", "flags_infection_isolation", "flags_lrp_review_outstanding",
            "flags_med_rec_outstanding", "flags_non_verified_prescription", "flags_pressure_ulcer", "flags_sepsis",
            "infection_isolation", "med_rec_outstanding", "missed_critical_doses_today", "missed_doses_today",
            "news2_at_least5", "news2_high", "news2_low_medium", "news2_medium", "non_verified_prescriptions",
            "observations_overdue", "occupancy_percent", "outstanding_assessments_adl",
            "outstanding_assessments_alcohol", "outstanding_assessments_alert", "outstanding_assessments_falls",
            "outstanding_assessments_hygiene", "outstanding_assessments_must", "outstanding_assessments_pressure_ulcer",
            "outstanding_assessments_stroke", "outstanding_assessments_vte", "outstanding_assessments_welfare",
            "patients", "patients_observed", "patients_on_hourly_obs", "patients_with_outstanding_assessments",
            "patients_without_bed", "pressure_ulcers", "reliability_today_1", "reliability_today_2",
            "reliability_today_3", "reliability_today_4", "reliability_today_5", "sepsis",
            "time_critical_nil_by_mouth_omissions_today");

    static final Set<String> WARD_STATE = union(UNIT_STATE,
            "patients_asked_today", "patients_not_asked_today", "red_flags_today", "sepsis_screens_due",
            "staffing_chppd", "staffing_chppd_yesterday", "staffing_day_red_flags", "staffing_day_registered_actual",
            "staffing_day_registered_actual_hours", "staffing_day_registered_fill_rate_percent",
            "staffing_day_registered_planned", "staffing_day_registered_planned_hours", "staffing_day_shift_hours",
            "staffing_day_unregistered_actual", "staffing_day_unregistered_actual_hours",
            "staffing_day_unregistered_fill_rate_percent", "staffing_day_unregistered_planned",
            "staffing_day_unregistered_planned_hours", "staffing_night_red_flags", "staffing_night_registered_actual",
            "staffing_night_registered_actual_hours", "staffing_night_registered_fill_rate_percent",
            "staffing_night_registered_planned", "staffing_night_registered_planned_hours",
            "staffing_night_shift_hours", "staffing_night_unregistered_actual",
            "staffing_night_unregistered_actual_hours", "staffing_night_unregistered_fill_rate_percent",
            "staffing_night_unregistered_planned", "staffing_night_unregistered_planned_hours",
            "staffing_patients_per_registered_nurse_day", "staffing_red_flags_today",
            "staffing_red_flags_today_by_type_fewer_than_two_rns", "staffing_red_flags_today_by_type_rn_shortfall",
            "staffing_red_flags_today_by_type_unplanned_medicine_omission",
            "staffing_red_flags_today_by_type_vital_signs_not_recorded");

    static final Set<String> CARE_HOME_STATE = union(UNIT_STATE,
            "repeat_observations_overdue", "residents_by_level_emergency", "residents_by_level_gp_review",
            "residents_by_level_inform_senior", "residents_by_level_routine", "residents_by_level_urgent",
            "residents_discharged_today_died", "residents_discharged_today_hospital", "residents_discharged_today_left",
            "residents_observed", "residents_urgent_or_emergency");

    private static Set<String> union(Set<String> common, String... own) {
        Set<String> all = new TreeSet<>(common);
        all.addAll(List.of(own));
        return Set.copyOf(all);
    }

    static final Map<String, Set<String>> TAGS = Map.of(
            InfluxSchema.WARD_STATE, Set.of("system", "place", "trust", "ward"),
            InfluxSchema.CARE_HOME_STATE, Set.of("system", "place", "home"),
            InfluxSchema.STAFFING_SHIFT, Set.of("system", "place", "trust", "ward", "shift"),
            InfluxSchema.CARE_HOME_SUBMISSION, Set.of("system", "place", "home", "level"),
            InfluxSchema.VIGIL_OPS, Set.of("system"),
            InfluxSchema.BOARD_DAILY, Set.of("unit", "level", "metric"));

    static final Map<String, Set<String>> FIELDS = Map.of(
            InfluxSchema.WARD_STATE, WARD_STATE,
            InfluxSchema.CARE_HOME_STATE, CARE_HOME_STATE,
            InfluxSchema.NEWS2_DISTRIBUTION, Set.of("score_0", "score_1", "score_2", "score_3", "score_4", "score_5",
                    "score_6", "score_7", "score_8", "score_9", "score_10", "score_11", "score_12", "score_13",
                    "score_14", "score_15", "score_16", "score_17", "score_18", "score_19", "score_20"),
            InfluxSchema.ALERT_TRANSITION, Set.of("count", "time_to_acknowledge_s", "time_to_accept_s", "time_to_escalate_s", "duration_s",
                    "acknowledged"),
            InfluxSchema.STAFFING_SHIFT, Set.of("registered_planned", "registered_actual", "unregistered_planned",
                    "unregistered_actual", "registered_fill_percent", "unregistered_fill_percent"),
            InfluxSchema.CARE_HOME_SUBMISSION, Set.of("count", "soft_signs", "baseline", "news2"),
            InfluxSchema.BOARD_DAILY, Set.of("value"),
            InfluxSchema.VIGIL_OPS, Set.of("events_ingested_total", "events_rejected_total", "engine_commands_total",
                    "engine_latency_mean_ms", "engine_latency_max_ms", "journal_append_mean_us", "journal_bytes",
                    "alerts_active", "websocket_clients", "jvm_heap_used_bytes", "influx_lag_events",
                    "influx_lag_seconds"));

    /** A float in line protocol: not an integer ({@code 1i}), a string ({@code "…"}) or a boolean. */
    private static final Pattern FLOAT = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");
    private static final Pattern FIELD = Pattern.compile("([a-z0-9_]+)=([^,]+)");

    @Test
    void unitStateFieldsAreExactlyTheListedOnes() {
        assertEquals(new TreeSet<>(WARD_STATE), names(InfluxSchema.WARD_FIELDS));
        assertEquals(new TreeSet<>(CARE_HOME_STATE), names(InfluxSchema.CARE_HOME_FIELDS));
        assertEquals(List.of("system", "place", "trust", "ward"), InfluxSchema.WARD_TAGS);
        assertEquals(List.of("system", "place", "home"), InfluxSchema.CARE_HOME_TAGS);
        assertEquals(List.of("kind", "severity", "transition"), InfluxSchema.ALERT_TAGS);
    }

    private static Set<String> names(List<InfluxSchema.Field> fields) {
        Set<String> out = new TreeSet<>();
        for (InfluxSchema.Field f : fields) {
            assertTrue(out.add(f.name()), "one field named " + f.name());
        }
        return out;
    }

    /**
     * Every point the writer makes from a morning on three wards and two homes (every kind of event, answers of
     * every kind, a day's end) is one of the listed measurements, with its listed tags and only listed fields,
     * all floats; and together they have every field of the event-time measurements.
     */
    @Test
    void everyPointHasTheListedMeasurementTagsAndFloatFields(@TempDir Path dir) throws Exception {
        List<Point> points = morning();
        points.add(ops(dir));
        Map<String, Set<String>> seen = new TreeMap<>();
        for (Point p : points) {
            String line = p.lineProtocol();
            String head = line.substring(0, line.indexOf(' '));
            String[] parts = head.split(",");
            String measurement = parts[0];
            assertTrue(FIELDS.containsKey(measurement), "unlisted measurement " + measurement);
            Set<String> tags = new TreeSet<>();
            for (int i = 1; i < parts.length; i++) {
                tags.add(parts[i].substring(0, parts[i].indexOf('=')));
            }
            Set<String> expectedTags = TAGS.getOrDefault(measurement, tags.contains("ward")
                    ? Set.of("system", "place", "trust", "ward") : Set.of("system", "place", "home"));
            if (measurement.equals(InfluxSchema.ALERT_TRANSITION)) {
                expectedTags = new TreeSet<>(tags.contains("ward") ? InfluxSchema.WARD_TAGS : InfluxSchema.CARE_HOME_TAGS);
                expectedTags.addAll(InfluxSchema.ALERT_TAGS);
            }
            assertEquals(new TreeSet<>(expectedTags), tags, line);
            String fields = line.substring(head.length() + 1, line.lastIndexOf(' '));
            Matcher m = FIELD.matcher(fields);
            while (m.find()) {
                assertTrue(FIELDS.get(measurement).contains(m.group(1)), "unlisted field " + m.group(1) + " in " + line);
                assertTrue(FLOAT.matcher(m.group(2)).matches(), "not a float: " + m.group() + " in " + measurement);
                seen.computeIfAbsent(measurement, k -> new TreeSet<>()).add(m.group(1));
            }
        }
        for (String m : List.of(InfluxSchema.NEWS2_DISTRIBUTION, InfluxSchema.ALERT_TRANSITION,
                InfluxSchema.STAFFING_SHIFT, InfluxSchema.CARE_HOME_SUBMISSION, InfluxSchema.VIGIL_OPS,
                InfluxSchema.BOARD_DAILY)) {
            assertEquals(new TreeSet<>(FIELDS.get(m)), seen.get(m), m);
        }
        Set<String> wardSeen = seen.get(InfluxSchema.WARD_STATE);
        assertTrue(wardSeen.size() > 100 && WARD_STATE.containsAll(wardSeen), "ward_state fields seen: " + wardSeen);
    }

    /** The writer's points for a morning on three wards and two homes, then answers, doses, flags and a day's end. */
    static List<Point> morning() throws Exception {
        Organisation org = OrganisationLoader.demo();
        EventParser parser = new EventParser(org::exists, Clock.systemUTC(), false);
        PointMapper mapper = new PointMapper(new EngineState(org));
        List<Point> out = new ArrayList<>();
        long index = 0;
        for (String json : Scenario.morning(Instant.parse("2026-11-02T08:00:00Z"))) {
            mapper.apply(parser.parse(json.getBytes(StandardCharsets.UTF_8)), index++, out);
        }
        long t = Instant.parse("2026-11-02T11:00:00Z").toEpochMilli();
        String w = "BFW-AMU";
        List<Event> more = List.of(
                new Event("x1", EventType.DOSE_SCHEDULED, t, w, new Payload.DoseScheduled("d1", w + "-P1", "Levodopa",
                        true, "PARKINSONS", t + 60_000)),
                new Event("x2", EventType.DOSE_OUTCOME, t + 1, w, new Payload.DoseOutcome("d1", w + "-P1",
                        DoseResult.OMITTED, OmissionReason.NIL_BY_MOUTH)),
                new Event("x3", EventType.FLAG, t + 2, w, new Payload.Flag(w + "-P1", PatientFlag.SEPSIS, true)),
                new Event("x4", EventType.PULSE, t + 3, w, new Payload.Pulse(4)),
                new Event("x5", EventType.MARTHAS_RULE_ASK, t + 4, w, new Payload.MarthasRuleAsk(w + "-P1",
                        DailyAskRespondent.FAMILY, DailyAskAnswer.WORSE)),
                new Event("x6", EventType.SEPSIS_SCREEN, t + 5, w, new Payload.SepsisScreen(w + "-P2",
                        SepsisScreenOutcome.values()[0])),
                new Event("x7", EventType.RESIDENT_DISCHARGED, t + 6, "CH-BAYV", new Payload.ResidentDischarged(
                        "CH-BAYV-R1", ResidentDischargeReason.HOSPITAL)));
        for (Event e : more) {
            mapper.apply(e, index++, out);
        }
        int k = 0;
        for (Alert a : mapper.state().alerts().find(a -> a.state().active())) {
            Payload.AlertCommand c = k++ % 2 == 0 ? new Payload.AlertAck(a.id(), "JS", null, null, "tok")
                    : new Payload.AlertAccept(a.id(), "Dr X", a.rungRole().id());
            EventType type = c instanceof Payload.AlertAck ? EventType.ALERT_ACK : EventType.ALERT_ACCEPT;
            mapper.apply(new Event(null, type, t + 10_000 + k, a.unit(), c), index++, out);
        }
        // past the day's end: the shifts end, their alerts resolve, yesterday's figures appear
        mapper.apply(new Event(null, EventType.TICK, t + 14 * 3_600_000L, null, Payload.Tick.INSTANCE), index++, out);
        mapper.flush(out);
        return out;
    }

    /** A vigil_ops point from the server's own operations figures. */
    private static Point ops(Path dir) throws Exception {
        Organisation org = OrganisationLoader.demo();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Journal journal = new Journal(dir);
             Engine engine = new Engine(new EngineState(org), journal, Engine.ClockMode.EVENT, Clock.systemUTC(), 16)) {
            OperationsMetrics metrics = new OperationsMetrics(registry, engine, org, dir);
            // a command and an append since the last sample: their means are written only then
            Timer.builder("vigil.engine.latency").register(registry).record(3, TimeUnit.MILLISECONDS);
            Timer.builder("vigil.journal.append").register(registry).record(20, TimeUnit.MICROSECONDS);
            return new OpsReporter(org.systemId(), metrics::opsFigures, 1, Clock.systemUTC()).due(0, 0.0);
        }
    }

    /**
     * The means in vigil_ops are of what happened since the previous sample: the mean since start-up, as it was,
     * hid a spike behind hours of quick commands (found by an independent check).
     */
    @Test
    void theOperationsMeansAreOfTheCommandsSinceThePreviousSample(@TempDir Path dir) throws Exception {
        Organisation org = OrganisationLoader.demo();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Journal journal = new Journal(dir);
             Engine engine = new Engine(new EngineState(org), journal, Engine.ClockMode.EVENT, Clock.systemUTC(), 16)) {
            OperationsMetrics metrics = new OperationsMetrics(registry, engine, org, dir);
            Timer latency = Timer.builder("vigil.engine.latency").register(registry);
            for (int i = 0; i < 99; i++) {
                latency.record(1, TimeUnit.MILLISECONDS);
            }
            assertEquals(1.0, metrics.opsFigures().getDouble("engine_latency_mean_ms"), 1e-9);
            latency.record(200, TimeUnit.MILLISECONDS);
            assertEquals(200.0, metrics.opsFigures().getDouble("engine_latency_mean_ms"), 1e-9,
                    "the spike alone, not (99 + 200) / 100");
            assertNull(metrics.opsFigures().getValue("engine_latency_mean_ms"), "no commands since: no mean");
        }
    }
}
