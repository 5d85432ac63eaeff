package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.events.AssessmentKind;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Ward;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Heap per active patient: N patients admitted into an {@link EngineState}, each with 3 observation sets, 2
 * scheduled doses (one critical, one given) and 2 assessments (VTE done, falls outstanding) — 9 events a patient,
 * all within the last ~hour so every deadline (next observations, dose grace, assessment due) is still pending.
 * Used heap after repeated full GCs, minus the same for the empty state, divided by N. Measured twice: with sender
 * ids (the idempotency set keeps each id for the journal's retention; its cost scales with events, not patients)
 * and without ids (the clinical state alone).
 */
final class HeapPerPatient {
    private HeapPerPatient() {
    }

    static JsonObject run(String[] args) throws Exception {
        Organisation org = OrganisationLoader.demo();
        JsonArray runs = new JsonArray();
        int[] sizes = {50_000, 100_000, 200_000};
        for (int n : sizes) {
            runs.add(measure(org, n, true));
        }
        runs.add(measure(org, 100_000, false));
        return new JsonObject().put("eventsPerPatient", 9).put("targetBytesPerPatient", 2048).put("runs", runs)
                .put("method", "MemoryMXBean used heap after 5 x System.gc(); delta vs empty EngineState; -Xmx4g, G1");
    }

    private static JsonObject measure(Organisation org, int n, boolean withIds) throws InterruptedException {
        long before = usedAfterGc();
        EngineState state = new EngineState(org);
        List<Ward> wards = org.wards();
        SplittableRandom rnd = new SplittableRandom(n);
        long t = Workload.START;
        long id = 0;
        long started = System.nanoTime();
        // Event time: ~1 h in all, so nothing expires (observations due >= 15 min after each set for HIGH only).
        long step = Math.max(1, 3_600_000L / (n * 9L));
        for (int p = 0; p < n; p++) {
            Ward w = wards.get(p % wards.size());
            String patient = "P" + p;
            String u = w.id();
            state.apply(ev(withIds, id++, EventType.ADMISSION, t += step, u, new Payload.Movement(patient, "B" + p, 30 + p % 60)));
            for (int i = 0; i < 3; i++) {
                state.apply(ev(withIds, id++, EventType.OBSERVATION, t += step, u,
                        new Payload.Observation(patient, Workload.vitals(rnd, p))));
            }
            state.apply(ev(withIds, id++, EventType.DOSE_SCHEDULED, t += step, u,
                    new Payload.DoseScheduled("D" + p + "a", patient, "levodopa", true, "PARKINSONS", t + 3_600_000L)));
            state.apply(ev(withIds, id++, EventType.DOSE_SCHEDULED, t += step, u,
                    new Payload.DoseScheduled("D" + p + "b", patient, "paracetamol", false, null, t)));
            state.apply(ev(withIds, id++, EventType.DOSE_OUTCOME, t += step, u,
                    new Payload.DoseOutcome("D" + p + "b", patient, DoseResult.GIVEN, null)));
            state.apply(ev(withIds, id++, EventType.ASSESSMENT, t += step, u,
                    new Payload.Assessment(patient, AssessmentKind.VTE, true)));
            state.apply(ev(withIds, id++, EventType.ASSESSMENT, t += step, u,
                    new Payload.Assessment(patient, AssessmentKind.FALLS, false)));
        }
        double applySeconds = (System.nanoTime() - started) / 1e9;
        long after = usedAfterGc();
        int active = 0;
        for (Ward w : wards) {
            active += state.unit(w.id()).census().count();
        }
        long failed = state.failed();
        JsonArray top = n == 200_000 ? topClasses(12) : null;
        Reference.reachabilityFence(state);
        long bytes = after - before;
        JsonObject r = new JsonObject().put("patients", n).put("activePatients", active).put("withSenderIds", withIds)
                .put("events", id).put("ruleFailures", failed)
                .put("heapDeltaMiB", Comparisons.round(bytes / 1048576.0, 1))
                .put("bytesPerPatient", bytes / n)
                .put("applySeconds", Comparisons.round(applySeconds, 2));
        if (top != null) {
            r.put("topClassesByBytes", top);
        }
        System.err.println("heap: " + r.encode());
        return r;
    }

    private static Event ev(boolean withIds, long id, EventType type, long time, String unit, Payload p) {
        return new Event(withIds ? "LTH-" + Long.toString(id, 36) : null, type, time, unit, p);
    }

    /** Where the bytes are: the head of {@code jcmd <pid> GC.class_histogram} (whole heap, state still live). */
    private static JsonArray topClasses(int lines) {
        JsonArray out = new JsonArray();
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
            List<String> all = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            for (String line : all) {
                if (line.matches("\\s*\\d+:.*") && out.size() < lines) {
                    out.add(line.trim().replaceAll("\\s+", " "));
                }
            }
        } catch (java.io.IOException | InterruptedException e) {
            out.add("jcmd failed: " + e);
        }
        return out;
    }

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
