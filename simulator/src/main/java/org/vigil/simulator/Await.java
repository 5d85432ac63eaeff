package org.vigil.simulator;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;

/** Blocking on a Vert.x future, for the simulator's own (non-event-loop) threads only. */
final class Await {
    private Await() {
    }

    static <T> T result(Future<T> f) throws InterruptedException {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
