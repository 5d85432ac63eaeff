package org.vigil.server.wall;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Policies;
import org.vigil.organisation.ResponderRole;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.organisation.tokens.Tokens;
import org.vigil.server.alerts.DeclineReason;
import org.vigil.server.engine.Engine;
import org.vigil.server.api.ApiJson;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.kernel.RuleFailures;
import org.vigil.server.respond.RespondJson;
import org.vigil.server.respond.ResponderList;
import org.vigil.server.security.Access;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes state to wall screens over WebSocket. A screen authenticates with its first message
 * ({@code {"type":"auth","token":…,"view":"ward"|"trust"|"system"|"carehomes"|"respond","id":…}}) — the token
 * never travels in a URL — then gets every unit it watches whole, each with its version, then deltas
 * ({@link WallDelta}) as the engine publishes new versions, and a heartbeat every {@value #HEARTBEAT_SECONDS} s.
 * A page whose version does not match a delta's {@code from} sends {@code {"type":"resync","unit":…}} and gets
 * that unit whole again. A responder's phone ({@code view: respond}, {@code id}: its role) gets instead its whole
 * list of alerts whenever a unit it covers changes.
 *
 * <p>Threads. The engine thread only tells the hub which units it published ({@link #published}: a queue offer and
 * at most one hand-off per turn). The hub's own event loop (the dispatcher) keeps the subscriptions and tells each
 * screen watching a changed unit; each screen builds its delta and writes it on its own event loop. A unit's frame
 * (its JSON for a ward wall, or its tile) is encoded once per version and shared by every screen
 * ({@link #frame}). Subscribing happens on the dispatcher before the screen reads its first frames, so no
 * publication can fall between the snapshot and the deltas. Which units a view shows a token is {@link Access}'s
 * to say.
 */
public final class WallHub {
    private static final Logger LOG = LoggerFactory.getLogger(WallHub.class);
    static final int HEARTBEAT_SECONDS = 10;
    /** The message key of a responder's list (a newer list replaces an unsent one). */
    private static final String RESPOND = "respond";
    /** Roles a wall offers the person acknowledging (any role may be typed; these are the usual ward ones). */
    private static final List<String> ACK_ROLES = List.of("Nurse in charge", "Registered nurse", "Nursing associate",
            "Healthcare assistant", "Doctor", "Student");
    /**
     * Close code for a token outside its validity window (an application code, RFC 6455 §7.4.2): the page shows
     * "token expired" full screen instead of reconnecting into a blank wall.
     */
    public static final short TOKEN_WINDOW_CLOSED = 4001;
    private static final long EXPIRY_SWEEP_MS = 1000;
    private static final long AUTH_TIMEOUT_MS = 5000;
    private static final int MAX_SCREENS = 1000;
    /** Netty's write queue for one screen; while it is full the screen's updates coalesce (see WallConnection). */
    private static final int WRITE_QUEUE_BYTES = 1 << 20;

    private final Vertx vertx;
    private final Organisation org;
    private final Engine engine;
    private final RuleFailures failures;
    private final Tokens tokens;
    private final Access access;
    private final Clock wallClock;
    private final Set<WallConnection> screens = ConcurrentHashMap.newKeySet();
    private final Policies.Escalation escalation;
    /** The hub's event loop: subscriptions live there, and the engine's publications are dispatched from it. */
    private final Context dispatcher;
    /** Units published by the engine and not yet dispatched: written by the engine thread, drained by the dispatcher. */
    private final Queue<Set<String>> publishedUnits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean dispatchScheduled = new AtomicBoolean();
    // dispatcher only
    private final Map<String, Set<WallConnection>> watching = new HashMap<>();
    private final Set<WallConnection> respondScreens = new LinkedHashSet<>();
    /** The latest frame of each unit, per kind of screen; built by whichever event loop first needs that version. */
    private final Map<String, WallFrame> wardFrames = new ConcurrentHashMap<>();
    private final Map<String, WallFrame> tileFrames = new ConcurrentHashMap<>();

    /** Must be created before the engine starts (it registers the engine's publication listener). */
    public WallHub(Vertx vertx, Organisation org, Engine engine, Tokens tokens, Access access, Clock wallClock) {
        this.vertx = vertx;
        this.org = org;
        this.engine = engine;
        this.failures = engine.ruleFailures();
        this.tokens = tokens;
        this.access = access;
        this.wallClock = wallClock;
        this.escalation = org.policies().escalation();
        this.dispatcher = vertx.getOrCreateContext();
        engine.onPublished(this::published);
        vertx.setPeriodic(HEARTBEAT_SECONDS * 1000L, id -> heartbeat());
        vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> closeExpired());
    }

    public int screens() {
        return screens.size();
    }

    /** Event loop: a screen connected; it has {@value #AUTH_TIMEOUT_MS} ms to say who it is and what it shows. */
    public void accept(ServerWebSocket ws) {
        if (screens.size() >= MAX_SCREENS) {
            ws.close((short) 1013, "too many screens");
            return;
        }
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        Context context = vertx.getOrCreateContext();
        long timer = vertx.setTimer(AUTH_TIMEOUT_MS, t -> {
            if (!ws.isClosed()) {
                ws.close((short) 1008, "no auth message");
            }
        });
        WallConnection[] conn = new WallConnection[1];
        ws.textMessageHandler(text -> {
            if (conn[0] != null) {
                // after auth a page only asks to resync a unit; acknowledgements go through the HTTP API
                String unit = WallConnection.resyncUnit(text);
                if (unit != null) {
                    conn[0].resync(unit);
                }
                return;
            }
            vertx.cancelTimer(timer);
            conn[0] = authenticate(ws, context, text);
        });
        ws.closeHandler(v -> {
            vertx.cancelTimer(timer);
            if (conn[0] != null) {
                forget(conn[0]);
            }
        });
    }

    /**
     * A member of the auth message, "" unless it is a string: a null or a number is no token, view or id (found by an
     * independent check: {@code "id": null} threw in here, and the socket stayed open without an answer).
     */
    private static String text(JsonObject message, String member) {
        return message.getValue(member) instanceof String s ? s : "";
    }

    private WallConnection authenticate(ServerWebSocket ws, Context context, String text) {
        JsonObject hello;
        try {
            hello = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            ws.close((short) 1008, "expected an auth message");
            return null;
        }
        Tokens.Check check = tokens.check("Bearer " + text(hello, "token"));
        String view = text(hello, "view");
        String id = text(hello, "id");
        if (!check.accepted()) {
            if (check.refusal() == Tokens.Refusal.EXPIRED || check.refusal() == Tokens.Refusal.NOT_YET_VALID) {
                ws.close(TOKEN_WINDOW_CLOSED, check.refusal().message());
            } else {
                ws.close((short) 1008, "unknown token");
            }
            return null;
        }
        Principal who = check.principal();
        List<String> units = new ArrayList<>();
        boolean canAck = false;
        String title;
        switch (view) {
            case "ward" -> {
                Unit u = org.unit(id);
                if (u == null || !access.mayRead(who, u)) {
                    ws.close((short) 1008, CloseReason.fit("this token may not read '" + id + "'"));
                    return null;
                }
                units.add(id);
                canAck = access.mayAcknowledge(who, u);
                title = u.name();
            }
            case "trust", "system" -> {
                for (Unit w : access.readableWards(who, view.equals("system") ? null : id)) {
                    units.add(w.id());
                }
                if (units.isEmpty()) {
                    ws.close((short) 1008, CloseReason.fit("this token may read no ward of '" + id + "'"));
                    return null;
                }
                title = view.equals("system") ? org.systemName() : org.trustName(id);
            }
            case "carehomes" -> {
                // The community view: every care home the token may read (read:place:X for a place's homes,
                // read:system for all); an id narrows it to one place.
                for (Unit h : access.readableCareHomes(who, id.isEmpty() ? null : id)) {
                    units.add(h.id());
                }
                if (units.isEmpty()) {
                    ws.close((short) 1008, CloseReason.fit("this token may read no care home"
                            + (id.isEmpty() ? "" : " of '" + id + "'")));
                    return null;
                }
                title = id.isEmpty() ? "Care homes" : "Care homes — " + org.placeName(id);
            }
            case "respond" -> {
                // A responder's phone: the alerts of every unit where the token holds the role (id), or its only role.
                ResponderRole role = id.isEmpty() ? access.onlyRole(who) : escalation.role(id);
                if (role != null) {
                    for (Unit u : access.respondsOn(who, role)) {
                        units.add(u.id());
                    }
                }
                if (units.isEmpty()) {
                    ws.close((short) 1008, CloseReason.fit(id.isEmpty()
                            ? "say which role: this token answers as none or several"
                            : "this token does not answer alerts as '" + id + "'"));
                    return null;
                }
                id = role.id();
                title = role.name();
            }
            default -> {
                ws.close((short) 1008, "view must be ward, trust, system, carehomes or respond");
                return null;
            }
        }
        if (engine.publication().snapshot(units.get(0)) == null) {
            ws.close((short) 1013, "engine unavailable: replaying the journal");
            return null;
        }
        boolean tiles = !view.equals("ward");
        WallConnection c = new WallConnection(ws, context, this::drop, unit -> frame(unit, tiles), view, id,
                who.notAfter());
        c.units = Collections.unmodifiableSet(new LinkedHashSet<>(units)); // organisation-file order, as the overview
        screens.add(c);
        JsonObject welcome = new JsonObject().put("type", "hello").put("view", view).put("id", id)
                .put("title", title == null ? id : title).put("canAck", canAck).put("user", who.name())
                .put("heartbeatSeconds", HEARTBEAT_SECONDS)
                // the server's wall clock, as a heartbeat carries it: the screen dates its first snapshot by it
                .put("at", wallClock.instant().toString())
                .put("rulesFailing", new JsonArray(failures.failing()));
        if (canAck) {
            welcome.put("ackUndoSeconds", escalation.ackUndoSeconds()).put("ackRoles", new JsonArray(ACK_ROLES));
        }
        if (view.equals("respond")) {
            JsonArray reasons = new JsonArray();
            for (DeclineReason r : DeclineReason.values()) {
                reasons.add(new JsonObject().put("code", r.name()).put("label", r.label()));
            }
            welcome.put("declineReasons", reasons).put("notEscalatingMinutes", escalation.notEscalatingMinutes())
                    .put("notEscalatingMaxMinutes", escalation.notEscalatingMaxMinutes());
        }
        c.offer(WallConnection.HELLO, welcome.encode());
        dispatcher.runOnContext(v -> subscribe(c));
        return c;
    }

    /** Dispatcher: registers the screen, then has it send its snapshot (after the hello) on its own event loop. */
    private void subscribe(WallConnection c) {
        if (c.closed) {
            return;
        }
        if (c.view.equals("respond")) {
            respondScreens.add(c);
            respond(c);
            return;
        }
        for (String unit : c.units) {
            watching.computeIfAbsent(unit, k -> new LinkedHashSet<>()).add(c);
        }
        c.context().runOnContext(v -> c.sendSnapshot());
    }

    /**
     * Any thread: the unit's latest frame for a ward wall or a tile, encoded once per version. Two event loops that
     * meet a new version at once may both encode it; either result is the same.
     */
    private WallFrame frame(String unit, boolean tile) {
        UnitSnapshot s = engine.publication().snapshot(unit);
        Map<String, WallFrame> cache = tile ? tileFrames : wardFrames;
        WallFrame f = cache.get(unit);
        if (f == null || f.version() != s.version()) {
            f = new WallFrame(unit, s.version(), tile ? WallJson.tileBody(s) : ApiJson.unit(s));
            cache.put(unit, f);
        }
        return f;
    }

    /**
     * Engine thread, after each turn: hands the published units to the dispatcher — a queue offer, and at most one
     * task on the dispatcher's event loop however many turns go by before it runs. Nothing is encoded here.
     */
    private void published(Set<String> units) {
        if (screens.isEmpty()) {
            return;
        }
        publishedUnits.offer(units);
        if (dispatchScheduled.compareAndSet(false, true)) {
            dispatcher.runOnContext(v -> dispatch());
        }
    }

    /** Dispatcher: tells every screen watching a published unit; a responder's list is built anew. */
    private void dispatch() {
        dispatchScheduled.set(false);
        Set<String> units = new HashSet<>();
        for (Set<String> batch; (batch = publishedUnits.poll()) != null; ) {
            units.addAll(batch);
        }
        prune();
        for (String unit : units) {
            Set<WallConnection> cs = watching.get(unit);
            if (cs != null) {
                for (WallConnection c : cs) {
                    c.changed(unit);
                }
            }
        }
        for (WallConnection c : respondScreens) {
            for (String unit : units) {
                if (c.sees(unit)) {
                    respond(c);
                    break;
                }
            }
        }
    }

    /**
     * A responder's list needs the alert book's ladders (who has been told), which are not in the snapshots: it is
     * built by a query on the engine thread and encoded on the screen's event loop.
     */
    private void respond(WallConnection c) {
        Future.fromCompletionStage(engine.read(s -> ResponderList.of(s, org, c.units, c.target)), c.context())
                .onSuccess(list -> c.offer(RESPOND, RespondJson.list(list).encode()));
    }

    private void prune() {
        watching.values().removeIf(set -> {
            set.removeIf(c -> c.closed);
            return set.isEmpty();
        });
        respondScreens.removeIf(c -> c.closed);
    }

    /**
     * Every {@value #HEARTBEAT_SECONDS} s, through the engine: a heartbeat proves the engine itself is answering,
     * so a stuck engine turns the screens stale instead of leaving them showing confident old numbers.
     */
    private void heartbeat() {
        if (screens.isEmpty()) {
            return;
        }
        Future.fromCompletionStage(engine.read(s -> s.clock().started() ? s.clock().now() : Long.MIN_VALUE))
                .onSuccess(asOf -> {
                    String json = WallJson.heartbeat(wallClock.instant(),
                            asOf == Long.MIN_VALUE ? null : asOf).encode();
                    for (WallConnection c : screens) {
                        c.offer("heartbeat", json);
                    }
                });
    }

    /**
     * Every second: a screen whose token has reached its notAfter is closed with {@link #TOKEN_WINDOW_CLOSED}, so
     * an expired wall says so rather than going on showing data its token no longer grants.
     */
    private void closeExpired() {
        long now = tokens.now();
        for (WallConnection c : screens) {
            if (c.expiresAt <= now) {
                LOG.info("closing wall screen ({} {}): token expired", c.view, c.target);
                c.context().runOnContext(v -> {
                    c.close(TOKEN_WINDOW_CLOSED, Tokens.Refusal.EXPIRED.message());
                    forget(c);
                });
            }
        }
    }

    /** Event loop: closes a screen (it will reconnect and resynchronise). */
    void drop(WallConnection c, String why) {
        LOG.info("dropping wall screen ({} {}): {}", c.view, c.target, why);
        c.close((short) 1013, CloseReason.fit(why));
        forget(c);
    }

    private void forget(WallConnection c) {
        c.closed = true;
        screens.remove(c); // the dispatcher prunes closed screens on its next pass
    }
}
