package org.vigil.server.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineQueueTest {
    @Test
    void firesInDueOrderThenSchedulingOrderAndSkipsCancelled() {
        DeadlineQueue q = new DeadlineQueue();
        List<String> fired = new ArrayList<>();
        q.schedule(20, t -> fired.add("b"));
        q.schedule(10, t -> fired.add("a"));
        q.schedule(20, t -> fired.add("c"));
        q.schedule(15, t -> fired.add("x")).cancel();
        q.schedule(5, t -> q.schedule(12, u -> fired.add("scheduled while firing")));
        assertEquals(5, q.nextDue());
        q.fireUpTo(20);
        assertEquals(List.of("a", "scheduled while firing", "b", "c"), fired);
        assertEquals(Long.MAX_VALUE, q.nextDue());
    }

    /** Every observation set replaces its patient's deadline: the cancelled ones must not pile up for hours. */
    @Test
    void cancelledDeadlinesDoNotAccumulate() {
        DeadlineQueue q = new DeadlineQueue();
        int patients = 2000;
        DeadlineQueue.Deadline[] current = new DeadlineQueue.Deadline[patients];
        int[] fired = {0};
        for (int round = 0; round < 50; round++) {
            for (int p = 0; p < patients; p++) {
                if (current[p] != null) {
                    current[p].cancel();
                }
                current[p] = q.schedule(1_000_000L + round, t -> fired[0]++);
            }
        }
        assertTrue(q.size() <= 3 * patients, "queue holds " + q.size() + " entries for " + patients + " live deadlines");
        q.fireUpTo(2_000_000L);
        assertEquals(patients, fired[0], "exactly the live deadlines fire");
        assertEquals(0, q.size());
    }
}
