package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pauses, GC CPU and allocation are read from real JDK 17 unified-log lines (G1 and ZGC, as {@link GcLog#flag} writes them), window-cut. */
class GcLogTest {
    private static final String LOG = """
            [1796042771790ms][808ms][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)
            [1796042771824ms][842ms][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 34.371ms
            [1796042771824ms][842ms][gc,cpu      ] GC(0) User=0.05s Sys=0.01s Real=0.03s
            [1796042771826ms][844ms][safepoint   ] Safepoint "G1CollectForAllocation", Time since last: 578185506 ns, Reaching safepoint: 3571 ns, Cleanup: 104493 ns, At safepoint: 35746149 ns, Total: 35854213 ns
            [1796042772062ms][1080ms][gc          ] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 7M->3M(64M) 30.923ms
            [1796042772062ms][1080ms][gc,cpu      ] GC(1) User=0.02s Sys=0.00s Real=0.04s
            [1796042772062ms][1080ms][gc,phases   ] GC(1)   Evacuate Collection Set: 28.1ms
            [1796042772070ms][1088ms][gc          ] GC(2) Pause Remark 9M->9M(64M) 1.500ms
            [1796042773058ms][497ms][gc,phases   ] GC(3) Pause Mark Start 0.007ms
            [1796042773058ms][497ms][safepoint   ] Safepoint "ZMarkStart", Time since last: 410009178 ns, Reaching safepoint: 81829 ns, Cleanup: 70161 ns, At safepoint: 23717 ns, Total: 175707 ns
            [1796042779000ms][6000ms][gc          ] GC(9) Pause Young (Normal) (G1 Evacuation Pause) 7M->3M(64M) 99.000ms
            """;

    @Test
    void countsCollectorPausesAndSafepointsInTheWindowOnly(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("gc.log");
        Files.writeString(log, LOG);
        JsonObject s = GcLog.summary(log, 1796042771800L, 1796042774000L);
        JsonObject pauses = s.getJsonObject("gcPauses");
        assertEquals(4, pauses.getInteger("count")); // GC(0), GC(1), the remark, ZGC's mark start; not GC(9), not phases
        assertEquals(34.371, pauses.getDouble("maxMs"));
        assertEquals(34.371 + 30.923 + 1.5 + 0.007, pauses.getDouble("totalMs"), 1e-9);
        assertEquals(2, pauses.getJsonObject("byKind").getInteger("Pause Young (Normal) (G1 Evacuation Pause)"));
        assertEquals(1.143, pauses.getDouble("cpuSecondsPerRealSecond")); // (0.06 + 0.02) / (0.03 + 0.04)
        // allocated between collections: GC(1) 7 − 3 after GC(0), the remark 9 − 3 after GC(1); over 2.2 s
        assertEquals(4.545, s.getDouble("allocatedMBPerSecond"));
        JsonObject safepoints = s.getJsonObject("safepoints");
        assertEquals(2, safepoints.getInteger("count"));
        assertEquals(35.854, safepoints.getDouble("maxMs"));
        assertEquals(0.082, safepoints.getDouble("maxTimeToSafepointMs"));
    }
}
