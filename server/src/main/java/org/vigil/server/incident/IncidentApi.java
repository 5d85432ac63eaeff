package org.vigil.server.incident;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;
import org.vigil.events.JsonFields;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.api.TimeTravel;
import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

/**
 * The incident review export ({@code GET /api/v1/incidents/{unit}/{patient}?from=&to=}, scope {@code audit:…},
 * itself audited by {@code AuditTrail}), which the printable page ({@code /report/incident/{unit}/{patient}}, served
 * with the other pages by {@code WallRoutes}, no data in it) reads with the token of its URL fragment. The period is
 * replayed on a time-travel worker ({@link TimeTravel}), never the engine thread; at most {@link #MAX_DAYS} days.
 * Without {@code to} the period ends at the latest instant known; without {@code from} it starts 24 hours before
 * {@code to}.
 */
public final class IncidentApi {
    static final int MAX_DAYS = 7;
    private static final long DAY = 86_400_000L;

    private final Organisation org;
    private final Access access;
    private final TimeTravel timeTravel;

    public IncidentApi(Organisation org, Access access, TimeTravel timeTravel) {
        this.org = org;
        this.access = access;
        this.timeTravel = timeTravel;
    }

    public void mount(Router router) {
        router.get("/api/v1/incidents/:unit/:patient").handler(QueryParams.only("from", "to")).handler(this::export);
    }

    private void export(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        String unitId = ctx.pathParam("unit");
        String patient = ctx.pathParam("patient");
        Unit unit = org.unit(unitId);
        if (unit == null) {
            Replies.error(ctx, 404, "no unit '" + unitId + "'");
            return;
        }
        if (!access.mayAudit(who, unit)) {
            Replies.error(ctx, 403, "this token may not review incidents on '" + unitId + "' (it needs audit:…)");
            return;
        }
        long from;
        long to;
        try {
            // the rule ingest keeps for the id, so every patient ingest took can be reviewed (found by an independent
            // check: ids with a space, a colon or an accent were accepted, and their reviews refused)
            JsonFields.text("patient", patient, EventParser.MAX_ID_LENGTH);
            Long t = QueryParams.instant(ctx, "to");
            Long f = QueryParams.instant(ctx, "from");
            to = t == null ? timeTravel.latest() : t;
            if (t == null && to == Long.MIN_VALUE) {
                throw new InvalidEventException("to", "nothing is in the journal yet: there is no past to review");
            }
            timeTravel.known(to, "to");
            from = f == null ? Math.max(to - DAY, timeTravel.earliest()) : f;
            timeTravel.known(from, "from");
            if (from > to) {
                throw new InvalidEventException("from", "is after to");
            }
            long span = to - from; // negative when it overflows: from in the distant past (an OOM once, not a 400)
            if (span < 0 || span > MAX_DAYS * DAY) {
                throw new InvalidEventException("from", "the period is longer than " + MAX_DAYS + " days");
            }
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        IncidentReview review = new IncidentReview(org, unit, patient, from);
        Replies.answer(ctx, timeTravel.history().across(from, to, review, end -> review.json(end, to)), json -> json);
    }
}
