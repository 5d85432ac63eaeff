package org.vigil.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.InvalidEventException;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import org.vigil.server.journal.AuditIndex;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/audit?unit=&from=&to=&limit=&after=}: the audit trail for a governance team (scope
 * {@code audit:…}), oldest first, a page at a time. An entry is kept when it names a unit the token audits (the
 * {@code unit} asked for, if given) — or, for {@code audit:system} without {@code unit}, any entry, also those that
 * name no unit — and its time is within [{@code from}, {@code to}]. {@code next} is the cursor for the following
 * page ({@code after=}), null on the last. The journal is read on a worker thread (never the engine's), through the
 * {@link AuditIndex}. Any thread.
 */
public final class AuditApi {
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    private final Organisation org;
    private final Access access;
    private final AuditIndex index;

    public AuditApi(Organisation org, Access access, AuditIndex index) {
        this.org = org;
        this.access = access;
        this.index = index;
    }

    public void mount(Router router) {
        router.get("/api/v1/audit").handler(QueryParams.only("unit", "from", "to", "limit", "after")).handler(this::list);
    }

    private void list(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        List<Unit> auditable = access.auditable(who);
        boolean system = access.mayAuditSystem(who);
        if (auditable.isEmpty() && !system) {
            Replies.error(ctx, 403, "this token may not read the audit trail (it needs an audit:… scope)");
            return;
        }
        String unit;
        long from;
        long to;
        int limit;
        long after;
        try {
            unit = QueryParams.one(ctx, "unit");
            if (unit != null && !org.exists(unit)) {
                throw new InvalidEventException("unit", "'" + unit + "' is not a unit of this organisation");
            }
            Long f = QueryParams.instant(ctx, "from");
            Long t = QueryParams.instant(ctx, "to");
            from = f == null ? Long.MIN_VALUE : f;
            to = t == null ? Long.MAX_VALUE : t;
            if (from > to) {
                throw new InvalidEventException("to", "is before from");
            }
            limit = QueryParams.integer(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
            after = cursor(ctx);
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        if (unit != null && !access.mayAudit(who, org.unit(unit))) {
            Replies.error(ctx, 403, "this token may not read the audit trail of '" + unit + "'");
            return;
        }
        Set<String> mine = new HashSet<>();
        if (unit != null) {
            mine.add(unit);
        } else {
            auditable.forEach(u -> mine.add(u.id()));
        }
        boolean everything = unit == null && system;
        AuditIndex.Filter filter = (at, units) -> at >= from && at <= to
                && (everything || units.stream().anyMatch(mine::contains));
        ctx.vertx().executeBlocking(() -> {
            index.refresh();
            return index.find(after, filter, limit);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Replies.json(ctx, 200, page(ar.result()));
        });
    }

    /** {@code after}: a cursor from a previous page's {@code next} (a journal index), or -1 for the first page. */
    private static long cursor(RoutingContext ctx) throws InvalidEventException {
        String raw = QueryParams.one(ctx, "after");
        if (raw == null) {
            return -1;
        }
        try {
            long v = Long.parseLong(raw);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidEventException("after", "is not a cursor from a previous page's next");
        }
    }

    static JsonObject page(AuditIndex.Page page) {
        JsonArray entries = new JsonArray();
        for (AuditIndex.Entry e : page.entries()) {
            Payload.Audit a = e.audit();
            entries.add(new JsonObject().put("id", Long.toString(e.index())).put("at", ApiJson.iso(e.at()))
                    .put("who", a.who()).put("method", a.method()).put("path", a.path()).put("query", a.query())
                    .put("units", new JsonArray(a.units())).put("patient", a.patient()).put("status", a.status()));
        }
        return new JsonObject().put("entries", entries)
                .put("next", page.next() < 0 ? null : Long.toString(page.next()));
    }
}
