package org.vigil.server.engine;

import org.vigil.events.Event;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster mode's log, as the engine sees it: every record that changes state (an event, a tick of the clock, an
 * answer to an alert, an entry of the audit trail) is ordered here first, and every node applies the records in
 * the log's order, as they come back to it ({@link Engine#consumed}). So every node holds the same state and serves
 * any screen, and nothing is applied that the log has not acknowledged (docs/cluster.md).
 */
public interface SharedLog {
    /**
     * Appends the records in order; completes with each one's offset once the log has acknowledged every one of
     * them (replicated as the log requires), or fails with {@link Engine.Unavailable}. Any thread.
     */
    CompletableFuture<long[]> append(List<Event> records);

    /** Whether this node owns the log's partition now: only the owner appends the clock's ticks. Any thread. */
    boolean owner();
}
