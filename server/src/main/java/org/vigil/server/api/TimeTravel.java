package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.InvalidEventException;
import org.vigil.server.engine.Engine;
import org.vigil.server.history.History;
import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import org.vigil.server.rules.EngineState;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The API's {@code ?at=} (docs/time-travel.md): the instant a request asks about, checked, and the question put to
 * {@link History} (worker threads and scratch states, never the engine thread). An instant is refused (400 naming
 * the parameter) when it is malformed or later than the latest instant the server knows: the engine clock, or on
 * the wall clock ({@link Engine.ClockMode#WALL}) the later of the engine clock and the wall clock — a live server
 * shows the deadlines due by the wall clock's time, so every instant up to it has a defined state. A cluster node
 * that started from the cluster's snapshot has no past before it: earlier instants are refused too. Any thread.
 */
public final class TimeTravel {
    private final History history;
    private final Engine engine;
    private final Clock wallClock;
    private final long earliest;

    /**
     * @param earliest the earliest instant this node has a past for (epoch ms): the event time of the cluster's
     *                 snapshot it started from, else {@link Long#MIN_VALUE}
     */
    public TimeTravel(History history, Engine engine, Clock wallClock, long earliest) {
        this.history = history;
        this.engine = engine;
        this.wallClock = wallClock;
        this.earliest = earliest;
    }

    /** Whether the request asks about the past ({@code ?at=} given, even empty: then it is refused, never live). */
    public static boolean asked(RoutingContext ctx) {
        return !ctx.queryParam("at").isEmpty();
    }

    /** The request's {@code at} (epoch ms); refused when absent, malformed or in the future. */
    public long instant(RoutingContext ctx) throws InvalidEventException {
        Long at = QueryParams.instant(ctx, "at");
        if (at == null) {
            throw new InvalidEventException("at", "an instant is required, e.g. at=2026-11-29T03:00:00Z");
        }
        known(at, "at");
        return at;
    }

    /**
     * Refuses, naming the parameter, an instant later than {@link #latest()} or earlier than this node's past (a
     * cluster node started from the cluster's snapshot).
     */
    public void known(long instant, String field) throws InvalidEventException {
        if (instant < earliest) {
            throw new InvalidEventException(field, QueryParams.iso(instant) + " is before this node's past, which "
                    + "starts at " + QueryParams.iso(earliest) + " (it joined the cluster from a snapshot taken then):"
                    + " ask another node");
        }
        long latest = latest();
        if (latest == Long.MIN_VALUE) {
            throw new InvalidEventException(field, "nothing is in the journal yet and the engine keeps event time: "
                    + "there is no past to show");
        }
        if (instant > latest) {
            throw new InvalidEventException(field, QueryParams.iso(instant) + " is in the future: the latest instant "
                    + "known is " + QueryParams.iso(latest) + (engine.clockMode() == Engine.ClockMode.WALL
                    ? " (the engine clock, or the wall clock when later)" : " (the engine clock, on event time)"));
        }
    }

    /** The earliest instant this node has a past for (epoch ms); {@link Long#MIN_VALUE} on a node with its whole log. */
    public long earliest() {
        return earliest;
    }

    /**
     * The latest instant with a defined state (epoch ms): the engine clock, or on the wall clock the later of it
     * and the wall clock's time; {@link Long#MIN_VALUE} on event time before the first record.
     */
    public long latest() {
        long clock = engine.clockMillis();
        return engine.clockMode() == Engine.ClockMode.WALL ? Math.max(clock, wallClock.millis()) : clock;
    }

    /**
     * Answers a historical request: its {@code at} checked (400 naming it when refused), {@code query} put to the
     * state as at the instant on a worker, its result encoded on the event loop and marked historical.
     */
    public <T> void answer(RoutingContext ctx, Function<EngineState, T> query, BiFunction<T, Long, JsonObject> encode) {
        long instant;
        try {
            instant = instant(ctx);
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        Replies.answer(ctx, history.at(instant, query), r -> historical(encode.apply(r, instant)));
    }

    /** Answers {@code query} on the state as at the instant, on a time-travel worker. */
    public <T> CompletableFuture<T> at(long instant, Function<EngineState, T> query) {
        return history.at(instant, query);
    }

    public History history() {
        return history;
    }

    /** Marks an answer as historical: the one field a historical answer has that the live one has not. */
    public static JsonObject historical(JsonObject body) {
        return body.put("historical", true);
    }
}
