package org.vigil.server.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlinesTest {
    private final EngineClock clock = new EngineClock();
    private final Deadlines wheel = new Deadlines();
    private final List<String> fired = new ArrayList<>();

    /** An owner that records each firing as its subject's text. */
    private final Deadlines.Owner recorder = (kind, subject, due, now) -> {
        fired.add((String) subject);
        if ("schedules".equals(subject)) {
            scheduleAt(12, "scheduled while firing");
        }
    };
    private final Deadlines.Timers timers = wheel.timers(recorder, "Recorder");

    private long scheduleAt(long due, String what) {
        return timers.schedule(due, 0, what);
    }

    @Test
    void firesInDueOrderThenSchedulingOrderAndSkipsCancelled() {
        clock.advanceTo(0);
        scheduleAt(20, "b");
        scheduleAt(10, "a");
        scheduleAt(20, "c");
        assertTrue(timers.cancel(scheduleAt(15, "x")));
        scheduleAt(5, "schedules");
        assertEquals(5, wheel.earliestBy(20));
        wheel.fireUpTo(20);
        assertEquals(List.of("schedules", "a", "scheduled while firing", "b", "c"), fired);
        assertEquals(Long.MAX_VALUE, wheel.earliestBy(Long.MAX_VALUE - 1));
    }

    /** Every observation set replaces its patient's deadline: the cancelled ones must not pile up for hours. */
    @Test
    void cancelledDeadlinesDoNotAccumulate() {
        clock.advanceTo(0);
        int patients = 2000;
        long[] current = new long[patients];
        int[] count = {0};
        Deadlines.Timers counting = wheel.timers((kind, subject, due, now) -> count[0]++, "Counter");
        for (int round = 0; round < 50; round++) {
            for (int p = 0; p < patients; p++) {
                counting.cancel(current[p]);
                current[p] = counting.schedule(1_000_000L + round, 0, null);
            }
        }
        assertEquals(patients, wheel.size(), "the wheel holds exactly the live deadlines");
        wheel.fireUpTo(2_000_000L);
        assertEquals(patients, count[0], "exactly the live deadlines fire");
        assertEquals(0, wheel.size());
    }

    /** The wheel only says which deadlines passed; their order across its ticks is still (due, scheduling). */
    @Test
    void orderHoldsAcrossTicksTurnsAndAQuietNight() {
        long t0 = 1_764_000_000_000L;
        clock.advanceTo(t0);
        long[] dues = {t0 + 3 * 3_600_000L, t0 + 500, t0 + 10 * 3_600_000L, t0 + 499, t0 + 500, t0 + 7};
        for (int i = 0; i < dues.length; i++) {
            scheduleAt(dues[i], "d" + i);
        }
        assertEquals(t0 + 7, wheel.earliestBy(t0 + 1000), "looking ahead a second");
        wheel.fireUpTo(t0 + 1000);
        assertEquals(List.of("d5", "d3", "d1", "d4"), fired);
        wheel.fireUpTo(t0 + 20 * 3_600_000L); // past the wheel's turn of 2.3 hours, twice over
        assertEquals(List.of("d5", "d3", "d1", "d4", "d0", "d2"), fired);
    }

    /** A deadline already due when scheduled fires at the next firing, and ids are never reused. */
    @Test
    void aCancelledOrFiredIdNeverCancelsAnotherDeadline() {
        clock.advanceTo(1000);
        long first = scheduleAt(2000, "first");
        wheel.fireUpTo(2000);
        assertFalse(timers.cancel(first), "already fired");
        long second = scheduleAt(3000, "second");
        assertNotEquals(first, second);
        assertFalse(timers.cancel(first));
        wheel.fireUpTo(3000);
        assertEquals(List.of("first", "second"), fired);
        assertFalse(timers.cancel(Deadlines.NONE));
    }

    /** A throwing owner is reported under its name; the deadlines after it still fire. */
    @Test
    void aThrowingDeadlineIsReportedAndTheOthersFire() {
        clock.advanceTo(0);
        List<String> failures = new ArrayList<>();
        wheel.onFailure((owner, e, now) -> failures.add(owner + ": " + e.getMessage()));
        Deadlines.Timers faulty = wheel.timers((kind, subject, due, now) -> {
            throw new IllegalStateException("kind " + kind);
        }, "Faulty");
        faulty.schedule(10, 7, null);
        scheduleAt(20, "after");
        assertFalse(faulty.cancel(scheduleAt(30, "not the faulty owner's")), "one owner cannot cancel another's");
        wheel.fireUpTo(30);
        assertEquals(List.of("Faulty: kind 7"), failures);
        assertEquals(List.of("after", "not the faulty owner's"), fired);
    }
}
