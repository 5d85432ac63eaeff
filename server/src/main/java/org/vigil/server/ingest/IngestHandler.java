package org.vigil.server.ingest;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.InvalidEventException;
import org.vigil.events.Payload;
import org.vigil.server.http.JsonBodies;
import org.vigil.server.http.Replies;
import org.vigil.server.engine.Engine;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;
import org.vigil.organisation.tokens.Principal;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/events}: one JSON event or an NDJSON batch, all-or-nothing. Everything that can reject a
 * request (content type, size, schema, scope — of the unit named, and of the unit a discharged patient is on) is
 * checked before anything is journaled, so a rejected request leaves no trace in the journal or the state. The
 * answer is sent only once the engine has journaled the events.
 */
public final class IngestHandler implements Handler<RoutingContext> {
    /** Bodies above this are parsed on a worker thread, so a big batch never stalls an event loop. */
    private static final int PARSE_INLINE_LIMIT = 64 * 1024;

    private final EventParser parser;
    private final Organisation org;
    private final Engine engine;
    private final int maxBatchEvents;
    private final IngestMetrics metrics;
    private final Access access;

    public IngestHandler(EventParser parser, Organisation org, Engine engine, int maxBatchEvents, IngestMetrics metrics,
                         Access access) {
        this.access = access;
        this.parser = parser;
        this.org = org;
        this.engine = engine;
        this.maxBatchEvents = maxBatchEvents;
        this.metrics = metrics;
    }

    /** Checks the content type before the body is read. */
    public Handler<RoutingContext> contentTypeCheck() {
        return ctx -> {
            if (mediaType(ctx) == null) {
                Replies.error(ctx, 415, "Content-Type must be application/json (one event) or application/x-ndjson (a batch)");
                return;
            }
            ctx.next();
        };
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!access.mayIngestAnywhere(Authenticator.principal(ctx))) {
            Replies.error(ctx, 403, "this token may not send events for any unit");
            return;
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            Replies.error(ctx, 400, "empty body", null, -1);
            return;
        }
        boolean batch = "application/x-ndjson".equals(mediaType(ctx));
        byte[] bytes = body.getBytes();
        Future<List<Event>> parsed = bytes.length <= PARSE_INLINE_LIMIT
                ? parse(bytes, batch)
                : ctx.vertx().executeBlocking(() -> parse(bytes, batch), false).compose(f -> f);
        parsed.onComplete(ar -> {
            if (ar.failed()) {
                reject(ctx, ar.cause());
                return;
            }
            List<Event> events = ar.result();
            Principal who = Authenticator.principal(ctx);
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                Unit unit = org.unit(e.unit());
                int index = batch ? i : -1;
                if (!access.mayIngest(who, unit)) {
                    metrics.rejected(e.type(), 403);
                    Replies.error(ctx, 403, "unit: this token may not send events for '" + unit.id() + "'", "unit", index);
                    return;
                }
                String wrongUnit = wrongKindOfUnit(e.type(), unit);
                if (wrongUnit != null) {
                    metrics.rejected(e.type(), 400);
                    Replies.error(ctx, 400, "unit: " + wrongUnit, "unit", index);
                    return;
                }
            }
            List<Integer> movesAway = movesOfPatientsWhereTheyAre(events);
            if (movesAway.isEmpty()) {
                journal(ctx, events);
                return;
            }
            List<String> patients = movesAway.stream()
                    .map(i -> ((Payload.Movement) events.get(i).payload()).patient()).toList();
            Future.fromCompletionStage(engine.read(state -> patients.stream().map(state::unitOf).toList()),
                    ctx.vertx().getOrCreateContext()).onComplete(where -> {
                if (where.failed()) {
                    Replies.fail(ctx, where.cause());
                    return;
                }
                for (int k = 0; k < movesAway.size(); k++) {
                    int i = movesAway.get(k);
                    String on = where.result().get(k);
                    if (on != null && !on.equals(events.get(i).unit()) && !access.mayIngest(who, org.unit(on))) {
                        metrics.rejected(events.get(i).type(), 403);
                        Replies.error(ctx, 403, "patient: on a unit this token may not send events for; a discharge or"
                                + " bed update for them must come from a sender for that unit", "patient",
                                batch ? i : -1);
                        return;
                    }
                }
                journal(ctx, events);
            });
        });
    }

    /**
     * The events that act on a patient wherever the census has them — a discharge takes them off any unit (a lost
     * transfer), a bed update moves them on theirs — by index. Each is refused when that unit is one the token may
     * not send for: a care-home tablet's discharge of a hospital patient whose id it had took them off the ward's
     * wall and resolved their HIGH alerts (found by a security audit). Checked against the state before anything is
     * journaled; a patient the census does not have is the sender's own.
     */
    private static List<Integer> movesOfPatientsWhereTheyAre(List<Event> events) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventType t = events.get(i).type();
            if (t == EventType.DISCHARGE || t == EventType.PLACE_UPDATE) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private void journal(RoutingContext ctx, List<Event> events) {
        Future.fromCompletionStage(engine.ingest(events), ctx.vertx().getOrCreateContext()).onComplete(done -> {
            if (done.succeeded()) {
                metrics.accepted(events);
                Replies.json(ctx, 200, new JsonObject().put("accepted", done.result().accepted())
                        .put("duplicates", done.result().duplicates()));
            } else {
                Replies.fail(ctx, done.cause());
            }
        });
    }

    /**
     * Why the event cannot be sent for this kind of unit, or null (docs/events.md, "Event types"): RESTORE2 and
     * closing a resident belong to care homes; a ward's NEWS2 observations (a home's are RESTORE2), its prescription
     * chart, staffing returns, Martha's rule daily ask (acute trusts) and the sepsis screen that answers the NEWS2
     * prompt to wards. An event no rule should act on there is refused rather than stored as if it
     * had been: a ward observation sent for a home would raise ward alerts no home event can clear.
     */
    static String wrongKindOfUnit(EventType type, Unit unit) {
        boolean home = unit instanceof CareHome;
        return switch (type) {
            case RESTORE2, RESIDENT_DISCHARGED -> home ? null
                    : type.wireName() + " events are for care homes; '" + unit.id() + "' is a ward";
            case OBSERVATION, DOSE_SCHEDULED, DOSE_OUTCOME, STAFFING, MARTHAS_RULE_ASK, SEPSIS_SCREEN -> home
                    ? type.wireName() + " events are for wards; '" + unit.id() + "' is a care home" : null;
            default -> null;
        };
    }

    private Future<List<Event>> parse(byte[] bytes, boolean batch) {
        try {
            return Future.succeededFuture(batch ? parser.parseBatch(bytes, maxBatchEvents) : List.of(parser.parse(bytes)));
        } catch (InvalidEventException e) {
            return Future.failedFuture(new Rejected(e));
        }
    }

    private void reject(RoutingContext ctx, Throwable cause) {
        if (cause instanceof Rejected r) {
            InvalidEventException e = r.invalid;
            metrics.rejected(e.type(), e instanceof EventParser.BatchTooLargeException ? 413 : 400);
            Replies.invalid(ctx, e instanceof EventParser.BatchTooLargeException ? 413 : 400, e);
        } else {
            ctx.fail(cause);
        }
    }

    /** application/json (one event) or application/x-ndjson (a batch), parameters (charset) ignored; else null. */
    private static String mediaType(RoutingContext ctx) {
        String type = JsonBodies.mediaType(ctx);
        return "application/json".equals(type) || "application/x-ndjson".equals(type) ? type : null;
    }

    /** Carries a rejection across the worker-thread hop without a stack trace. */
    private static final class Rejected extends RuntimeException {
        final InvalidEventException invalid;

        Rejected(InvalidEventException invalid) {
            super(invalid.getMessage(), null, false, false);
            this.invalid = invalid;
        }
    }
}
