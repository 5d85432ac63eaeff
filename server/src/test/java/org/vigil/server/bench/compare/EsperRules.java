package org.vigil.server.bench.compare;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.organisation.Organisation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark PEER: Vigil's deterioration and staffing rules written in Esper 9.0.0 EPL (GPL-2.0 — test scope
 * only, never shipped). Same rules as {@code Deterioration} and {@code SafeStaffing} with the demo policies:
 * <ul>
 *   <li>NEWS2 Chart 1 parameter scores, the aggregate and the Chart 3 risk (case expressions);</li>
 *   <li>one band alert per patient (NEWS2_LOW_MEDIUM / NEWS2_MEDIUM / NEWS2_HIGH), raised on a change of band,
 *       the previous band's alert resolved (a keyed context per patient with {@code prior});</li>
 *   <li>OBSERVATIONS_OVERDUE when no new set arrives within the Chart 4 interval (720 / 240 / 60 / 60 min,
 *       continuous = 15 min; overdue from the millisecond after it), resolved by the next set (a per-patient pattern with a timer and a named window);
 *       and when a patient admitted has no first set within 60 minutes (overdue from the next millisecond);</li>
 *   <li>NICE SG1 red flags 5 (RN shortfall &gt; 8 h or &gt; 25 %) and 6 (fewer than 2 RNs) on each report for the
 *       running shift, resolved by a clearing report or at the shift's end (a per-shift pattern timer).</li>
 * </ul>
 * Time is external and is the event time (as Vigil's {@code --clock event}): before each event the runtime is
 * advanced to its time, firing due timers first. Not ported (Vigil does them, Esper here does not): red flag 3
 * from overdue sets, idempotency ids, feed ages, beds on alerts. Active alerts are kept as "unit|KIND|subject".
 */
final class EsperRules implements AutoCloseable {
    static final String EPL = """
            @public @buseventtype @EventRepresentation(objectarray)
            create schema Obs(patient string, unit string, rr int, spo2 int, scale int, onOxygen boolean, sbp int,
                              pulse int, acvpu string, tempTenths int);
            @public @buseventtype @EventRepresentation(objectarray)
            create schema Admitted(patient string, unit string);
            @public @buseventtype @EventRepresentation(objectarray)
            create schema Staffing(unit string, shiftKey string, planned int, actual int, shiftMinutes long, endsAt long);

            // RCP NEWS2 2017, Chart 1
            insert into Scored select patient, unit,
              case when rr <= 8 then 3 when rr <= 11 then 1 when rr <= 20 then 0 when rr <= 24 then 2 else 3 end as sRr,
              case when scale = 1 then
                     (case when spo2 <= 91 then 3 when spo2 <= 93 then 2 when spo2 <= 95 then 1 else 0 end)
                   else (case when spo2 <= 83 then 3 when spo2 <= 85 then 2 when spo2 <= 87 then 1 when spo2 <= 92 then 0
                              when not onOxygen then 0 when spo2 <= 94 then 1 when spo2 <= 96 then 2 else 3 end) end as sSpo2,
              case when onOxygen then 2 else 0 end as sO2,
              case when sbp <= 90 then 3 when sbp <= 100 then 2 when sbp <= 110 then 1 when sbp <= 219 then 0 else 3 end as sSbp,
              case when pulse <= 40 then 3 when pulse <= 50 then 1 when pulse <= 90 then 0 when pulse <= 110 then 1
                   when pulse <= 130 then 2 else 3 end as sPulse,
              case when acvpu = 'A' then 0 else 3 end as sAcvpu,
              case when tempTenths <= 350 then 3 when tempTenths <= 360 then 1 when tempTenths <= 380 then 0
                   when tempTenths <= 390 then 1 else 2 end as sTemp
            from Obs;

            insert into News2 select patient, unit, sRr + sSpo2 + sO2 + sSbp + sPulse + sAcvpu + sTemp as total,
              (sRr = 3 or sSpo2 = 3 or sSbp = 3 or sPulse = 3 or sAcvpu = 3 or sTemp = 3) as anyThree
            from Scored;

            // Chart 3 risk; Chart 4 interval (demo policy 720 / 240 / 60 / 60; continuous: overdue after 15 min)
            insert into Banded select patient, unit, total,
              case when total >= 7 then 'HIGH' when total >= 5 then 'MEDIUM' when anyThree then 'LOW_MEDIUM' else 'LOW' end as risk,
              case when total = 0 then 720 when total >= 7 then 15 when total >= 5 then 60 when anyThree then 60 else 240 end as dueMinutes
            from News2;

            create context ByPatient partition by patient from Banded;
            context ByPatient insert into BandSeen select patient, unit, risk, total, prior(1, risk) as was from Banded;
            @name('band') select patient, unit, risk, total, was from BandSeen where was is null or was != risk;

            create window OverdueW#unique(patient) as (patient string, unit string);
            @name('overdue') context ByPatient insert into OverdueW
              select s.patient as patient, s.unit as unit
              from pattern [every s=Banded -> (timer:interval(s.dueMinutes * 60 + 0.001) and not Banded)];
            @name('observed') on Banded b delete from OverdueW w where w.patient = b.patient;
            // first set within 60 minutes of admission (demo policy observations.firstSetMinutes), inclusive
            @name('firstSet') insert into OverdueW select a.patient as patient, a.unit as unit
              from pattern [every a=Admitted -> (timer:interval(3600.001) and not Banded(patient = a.patient))];

            // NICE SG1 (2014) red flags 5 and 6
            insert into Judged select unit, shiftKey, endsAt,
              ((planned - actual) * shiftMinutes > 480 or 4 * (planned - actual) * shiftMinutes > planned * shiftMinutes) as shortfall,
              actual < 2 as fewerThanTwo,
              (endsAt - current_timestamp()) / 1000.0 as endsInSeconds
            from Staffing;
            @name('staffing') select * from Judged where endsInSeconds > 0;
            create context ByShift partition by unit, shiftKey from Judged;
            @name('shiftEnd') context ByShift select j.unit as unit, j.shiftKey as shiftKey
              from pattern [j=Judged(endsInSeconds > 0) -> timer:interval(j.endsInSeconds)];
            """;

    private final EPRuntime runtime;
    private final EPEventService events;
    /** Active alerts, "unit|KIND|subject" → detail: what Vigil's AlertBook holds, for the cross-check. */
    final Map<String, String> active = new HashMap<>();
    final AtomicInteger raised = new AtomicInteger();
    private final Organisation org;

    EsperRules(Organisation org, long startMillis, String uri) {
        this.org = org;
        Configuration config = new Configuration();
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        EPCompiled compiled;
        try {
            compiled = EPCompilerProvider.getCompiler().compile(EPL, new CompilerArguments(config));
        } catch (EPCompileException e) {
            throw new IllegalStateException("EPL does not compile: " + e.getMessage(), e);
        }
        runtime = EPRuntimeProvider.getRuntime(uri, config);
        runtime.initialize();
        events = runtime.getEventService();
        events.advanceTime(startMillis);
        EPDeployment d;
        try {
            d = runtime.getDeploymentService().deploy(compiled);
        } catch (EPDeployException e) {
            throw new IllegalStateException(e);
        }
        String dep = d.getDeploymentId();
        statement(dep, "band").addListener((in, old, s, r) -> {
            for (EventBean b : in) {
                String unit = (String) b.get("unit");
                String patient = (String) b.get("patient");
                String was = (String) b.get("was");
                String risk = (String) b.get("risk");
                if (was != null && !was.equals("LOW")) {
                    active.remove(unit + "|" + bandKind(was) + "|" + patient);
                }
                if (!risk.equals("LOW")) {
                    active.put(unit + "|" + bandKind(risk) + "|" + patient, "NEWS2 " + b.get("total"));
                    raised.incrementAndGet();
                }
            }
        });
        statement(dep, "overdue").addListener((in, old, s, r) -> {
            for (EventBean b : in) {
                active.put(b.get("unit") + "|OBSERVATIONS_OVERDUE|" + b.get("patient"), "observations overdue");
                raised.incrementAndGet();
            }
        });
        statement(dep, "firstSet").addListener((in, old, s, r) -> {
            for (EventBean b : in) {
                active.put(b.get("unit") + "|OBSERVATIONS_OVERDUE|" + b.get("patient"), "first observations not recorded");
                raised.incrementAndGet();
            }
        });
        statement(dep, "observed").addListener((in, old, s, r) -> {
            for (EventBean b : in) {
                active.remove(b.get("unit") + "|OBSERVATIONS_OVERDUE|" + b.get("patient"));
            }
        });
        statement(dep, "staffing").addListener((in, old, s, r) -> {
            for (EventBean b : in) {
                String prefix = b.get("unit") + "|STAFFING_RED_FLAG|" + b.get("shiftKey") + "/";
                flag(prefix + "RN_SHORTFALL", (Boolean) b.get("shortfall"));
                flag(prefix + "FEWER_THAN_TWO_RNS", (Boolean) b.get("fewerThanTwo"));
            }
        });
        statement(dep, "shiftEnd").addListener((in, old, s, r) -> {
            for (EventBean b : in) {
                String prefix = b.get("unit") + "|STAFFING_RED_FLAG|" + b.get("shiftKey") + "/";
                active.remove(prefix + "RN_SHORTFALL");
                active.remove(prefix + "FEWER_THAN_TWO_RNS");
            }
        });
    }

    private void flag(String key, boolean met) {
        if (met) {
            if (active.put(key, "red flag") == null) {
                raised.incrementAndGet();
            }
        } else {
            active.remove(key);
        }
    }

    private static String bandKind(String risk) {
        return "NEWS2_" + risk;
    }

    private EPStatement statement(String deployment, String name) {
        return runtime.getDeploymentService().getStatement(deployment, name);
    }

    /** An event as Esper takes it (built before timing: both engines get ready-made objects). */
    record Input(long time, String type, Object[] row) {}

    Input convert(Event e) {
        if (e.type() == EventType.OBSERVATION) {
            Payload.Observation o = (Payload.Observation) e.payload();
            Vitals v = o.vitals();
            return new Input(e.time(), "Obs", new Object[]{o.patient(), e.unit(), (int) Math.round(v.respirationRate()),
                    (int) Math.round(v.spo2()), v.spo2Scale(), v.onOxygen(), (int) Math.round(v.systolicBp()),
                    (int) Math.round(v.pulse()), v.consciousness() == Consciousness.A ? "A" : v.consciousness().name(),
                    (int) Math.round(v.temperature() * 10)});
        }
        if (e.type() == EventType.STAFFING) {
            Payload.Staffing s = (Payload.Staffing) e.payload();
            long[] shift = Workload.shiftBounds(org, e);
            return new Input(e.time(), "Staffing", new Object[]{e.unit(), s.date() + "/" + s.shift().name(),
                    s.registeredPlanned(), s.registeredActual(), shift[2], shift[1]});
        }
        if (e.type() == EventType.ADMISSION) {
            Payload.Movement m = (Payload.Movement) e.payload();
            return new Input(e.time(), "Admitted", new Object[]{m.patient(), e.unit()});
        }
        return new Input(e.time(), null, null); // other movements: the Esper rules do not use them (time still advances)
    }

    void send(Input in) {
        if (in.time() > events.getCurrentTime()) {
            events.advanceTime(in.time());
        }
        if (in.type() != null) {
            events.sendEventObjectArray(in.row(), in.type());
        }
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
