package org.vigil.gateway.mllp;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MLLP connection's messages, handled one at a time and in the order read, on the parsing pool every connection
 * shares. The connection holds at most one of the pool's threads, and for one message only: after each it goes to
 * the back of the pool's queue, behind the other connections waiting. A sender pipelining many messages slow to
 * parse (each within {@link ParseLimits}) so delays another sender by a turn, not by its whole backlog, as it did
 * when each connection kept one thread of a group for good.
 * <p>
 * Netty's ordered executor over a shared pool ({@code NonStickyEventExecutorGroup}) is deprecated in Netty 4.2 and
 * since removed upstream (netty/netty#16164: off-load to one's own pool, Netty says), and Guava's sequential executor
 * runs a connection's whole queue in one turn: hence this class. Each message happens-before the next: they pass
 * through {@link #pending} and the pool's queue.
 */
final class ParsingTurns implements Executor {
    private final Executor pool;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** Messages waiting or being handled; above 0, the connection is in the pool's queue or on one of its threads. */
    private final AtomicInteger pending = new AtomicInteger();

    ParsingTurns(Executor pool) {
        this.pool = pool;
    }

    /** A message read: handled after the connection's earlier ones. Throws when the pool is shut down. */
    @Override
    public void execute(Runnable message) {
        waiting.add(message);
        if (pending.getAndIncrement() == 0) {
            pool.execute(this::turn);
        }
    }

    private void turn() {
        try {
            waiting.remove().run();
        } finally {
            if (pending.decrementAndGet() > 0) {
                try {
                    pool.execute(this::turn);
                } catch (RejectedExecutionException closing) {
                    // the gateway is closing: the connection's later messages go unanswered, and their sender
                    // resends them
                }
            }
        }
    }
}
