package org.vigil.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletionStage;

/**
 * The audit trail's claim on a reply: a request on an audited route carries one (put there by the audit trail's
 * route handler), and its reply is sent only once the entry, with the status about to be answered, is in the
 * journal. If the entry cannot be journaled the request is refused instead (503, retry): a read of patient-level
 * data is never answered unrecorded. Every reply an edge sends goes through {@link #thenSend}.
 */
@FunctionalInterface
public interface ReplyAudit {
    /** The routing context key the claim is kept under. */
    String KEY = "vigil.audit";

    /** What a request whose audit record could not be journaled is answered instead of its data (with 503). */
    String NOT_RECORDED = "the audit trail could not record this request, so it was not answered: retry";

    /** Journals the request's entry with the status about to be answered; completes once it is journaled. */
    CompletionStage<Void> record(int status);

    /**
     * Sends the reply at once when the request is not audited; otherwise after its entry is journaled, or
     * {@code refuse} (the surface's 503) when it could not be. The claim is taken off first, so the refusal itself
     * is not audited again.
     */
    static void thenSend(RoutingContext ctx, int status, Runnable send, Runnable refuse) {
        ReplyAudit audit = ctx.remove(KEY);
        if (audit == null) {
            send.run();
            return;
        }
        CompletionStage<Void> recorded;
        try {
            recorded = audit.record(status);
        } catch (RuntimeException e) {
            refuse.run();
            return;
        }
        Future.fromCompletionStage(recorded, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                send.run();
            } else {
                refuse.run();
            }
        });
    }
}
