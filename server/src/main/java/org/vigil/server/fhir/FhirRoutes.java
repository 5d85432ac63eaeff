package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.server.deterioration.News2History.ScoredSet;
import org.vigil.server.engine.Engine;
import org.vigil.server.fhir.ObservationSets.ObservationSet;
import org.vigil.server.ingest.IngestMetrics;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.server.security.Access;
import org.vigil.server.http.ReplyAudit;
import org.vigil.server.http.UnexpectedFailures;
import org.vigil.server.security.Authenticator;
import org.vigil.organisation.tokens.Principal;
import org.vigil.organisation.tokens.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The FHIR R4 endpoints (docs/fhir.md): {@code GET /fhir/metadata} (public), {@code POST /fhir/Observation} and
 * {@code POST /fhir} (transaction Bundle) in, {@code GET /fhir/Observation?patient=…} out. Same tokens and scopes as
 * the API. Every answer is FHIR JSON; every refusal is an OperationOutcome naming the element, never a 500 for bad
 * input. Parsing runs on a worker thread (HAPI's parser costs ~{@value #MEASURED_PARSE_MICROS} µs for a seven-reading
 * Bundle here, too much for an event loop); sets reach the engine only once the whole request is valid, and the
 * answer waits for the journal.
 */
public final class FhirRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FhirRoutes.class);
    /** Measured once (FhirIngestTest prints it): parse and map of the docs' transaction example, warm, median. */
    static final int MEASURED_PARSE_MICROS = 600;
    public static final String FHIR_JSON = "application/fhir+json";
    private static final Set<String> SEARCH_PARAMETERS = Set.of("patient", "code", "_format", "_pretty");

    private final FhirContext fhir;
    private final FhirIngest ingest;
    private final Organisation org;
    private final Engine engine;
    private final Tokens tokens;
    private final IngestMetrics metrics;
    private final int maxBodyBytes;
    private final Access access;

    public FhirRoutes(FhirContext fhir, FhirIngest ingest, Organisation org, Engine engine, Tokens tokens,
                      IngestMetrics metrics, int maxBodyBytes, Access access) {
        this.access = access;
        this.fhir = fhir;
        this.ingest = ingest;
        this.org = org;
        this.engine = engine;
        this.tokens = tokens;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void mount(Router router) {
        mount(router, RoutingContext::next);
    }

    /**
     * Mounts the FHIR routes with {@code beforeSearch} run after authentication and before the Observation search
     * (the audit trail's claim: the search reads patient-level data).
     */
    public void mount(Router router, io.vertx.core.Handler<RoutingContext> beforeSearch) {
        router.route("/fhir/*").handler(this::format);
        router.get("/fhir/metadata").handler(ctx -> reply(ctx, 200, Capability.statement(base(ctx))));
        router.route("/fhir/*").handler(this::authenticate);
        router.post("/fhir/*").handler(this::contentType);
        router.post("/fhir/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        router.post("/fhir/Observation").handler(ctx -> create(ctx, () -> ingest.observation(body(ctx)), false));
        router.post("/fhir").handler(ctx -> create(ctx, () -> ingest.transaction(body(ctx)), true));
        router.post("/fhir/").handler(ctx -> create(ctx, () -> ingest.transaction(body(ctx)), true));
        router.get("/fhir/Observation").handler(beforeSearch).handler(this::search);
        router.route("/fhir/*").handler(ctx -> outcome(ctx, 404, IssueType.NOTSUPPORTED, "Vigil's FHIR endpoint has "
                + "no " + ctx.request().method() + " " + ctx.request().path() + " (GET /fhir/metadata says what it has)", null));
        router.route("/fhir/*").failureHandler(this::failed);
    }

    private void format(RoutingContext ctx) {
        if (!FhirFormat.jsonWanted(ctx.queryParams().getAll("_format"), ctx.request().getHeader("Accept"))) {
            outcome(ctx, 406, IssueType.NOTSUPPORTED, "Vigil answers FHIR JSON only (_format json or "
                    + "application/fhir+json; an Accept that allows it)", null);
            return;
        }
        ctx.next();
    }

    private void authenticate(RoutingContext ctx) {
        if (Authenticator.authenticate(ctx, tokens) == null) {
            outcome(ctx, 401, IssueType.LOGIN, Authenticator.refusal(ctx), null);
            return;
        }
        ctx.next();
    }

    private void contentType(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase();
        if (!type.equals(FHIR_JSON) && !type.equals("application/json")) {
            outcome(ctx, 415, IssueType.NOTSUPPORTED, "Content-Type must be application/fhir+json (Vigil reads FHIR "
                    + "JSON only)", null);
            return;
        }
        ctx.next();
    }

    private static byte[] body(RoutingContext ctx) {
        Buffer b = ctx.body().buffer();
        return b == null ? new byte[0] : b.getBytes();
    }

    // ------------------------------------------------------------------------------------------------- ingest

    private void create(RoutingContext ctx, Callable<FhirIngest.Accepted> parse, boolean transaction) {
        if (!access.mayIngestAnywhere(Authenticator.principal(ctx))) {
            outcome(ctx, 403, IssueType.FORBIDDEN, "this token may not send observations for any unit", null);
            return;
        }
        ctx.vertx().executeBlocking(parse, false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof FhirRejection r) {
                    // what these endpoints take is vital-sign observations: a refusal is counted as one
                    metrics.rejected(EventType.OBSERVATION, r.status());
                    outcome(ctx, r.status(), r.type(), r.getMessage(), r.expressions());
                } else {
                    ctx.fail(ar.cause());
                }
                return;
            }
            Principal who = Authenticator.principal(ctx);
            List<Event> events = new ArrayList<>();
            for (ObservationSet s : ar.result().sets()) {
                if (!access.mayIngest(who, s.unit())) {
                    metrics.rejected(s.event().type(), 403);
                    outcome(ctx, 403, IssueType.FORBIDDEN, "this token may not send observations for '" + s.unit().id()
                            + "' (needs ingest on the ward, its trust, place or system)", List.of(s.unitExpression()));
                    return;
                }
                events.add(s.event());
            }
            Future.fromCompletionStage(engine.ingest(events), ctx.vertx().getOrCreateContext()).onComplete(done -> {
                if (done.failed()) {
                    failEngine(ctx, done.cause());
                    return;
                }
                metrics.accepted(events);
                boolean allNew = done.result().accepted() == events.size();
                if (transaction) {
                    reply(ctx, 200, transactionResponse(ar.result().entries(), events, allNew));
                } else {
                    String id = events.get(0).id();
                    ctx.response().putHeader("Location", base(ctx) + "/Observation/" + id + "/_history/1");
                    outcomes(ctx, allNew ? 201 : 200, OperationOutcome.IssueSeverity.INFORMATION, IssueType.INFORMATIONAL,
                            (allNew ? "observation set journaled as " : "already journaled (a duplicate): ") + id, List.of());
                }
            });
        });
    }

    /**
     * One response per entry, in order. 201 when every set was new; 200 when any was already journaled (a retried
     * transaction): the engine reports counts, not which set was the duplicate.
     */
    private static Bundle transactionResponse(int entries, List<Event> events, boolean allNew) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < entries; i++) {
            b.addEntry().getResponse().setStatus(allNew ? "201 Created" : "200 OK");
        }
        StringBuilder ids = new StringBuilder();
        for (Event e : events) {
            ids.append(ids.length() == 0 ? "" : ", ").append(e.id());
        }
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                .setDiagnostics(events.size() + " observation set(s) journaled: " + ids);
        if (entries > 0) {
            b.getEntry().get(0).getResponse().setOutcome(oo);
        }
        return b;
    }

    private void failEngine(RoutingContext ctx, Throwable cause) {
        if (cause instanceof Engine.Unavailable u) {
            ctx.response().putHeader("Retry-After", "1");
            outcome(ctx, 503, IssueType.TRANSIENT, u.getMessage() + ": retry (a retried request is recognised as a "
                    + "duplicate)", null);
        } else {
            ctx.fail(cause);
        }
    }

    // ------------------------------------------------------------------------------------------------- search

    private void search(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        for (String name : params.names()) {
            if (!SEARCH_PARAMETERS.contains(name)) {
                outcome(ctx, 400, IssueType.NOTSUPPORTED, "unknown search parameter '" + name + "': Vigil searches "
                        + "Observation by patient and code", null);
                return;
            }
        }
        String patient = params.get("patient");
        if (patient == null || patient.isBlank() || params.getAll("patient").size() > 1) {
            outcome(ctx, 400, IssueType.REQUIRED, "patient is required, once: patient=Patient/{local pseudonymous id}", null);
            return;
        }
        String id = patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
        boolean news2 = true;
        List<String> codes = params.getAll("code");
        for (String code : codes) {
            news2 &= List.of(code.split(",")).stream().anyMatch(FhirRoutes::isNews2Total);
        }
        Principal who = Authenticator.principal(ctx);
        String self = base(ctx) + "/Observation" + (ctx.request().query() == null ? "" : "?" + ctx.request().query());
        if (!news2) {
            reply(ctx, 200, News2Observations.searchset(id, List.of(), base(ctx), self));
            return;
        }
        Future.fromCompletionStage(engine.read(s -> s.news2History().sets(id)), ctx.vertx().getOrCreateContext())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failEngine(ctx, ar.cause());
                        return;
                    }
                    List<ScoredSet> readable = new ArrayList<>();
                    for (ScoredSet s : ar.result()) {
                        Unit u = org.unit(s.unit());
                        if (u != null && access.mayRead(who, u)) {
                            readable.add(s); // a set on a ward the token may not read is left out, not refused
                        }
                    }
                    reply(ctx, 200, News2Observations.searchset(id, readable, base(ctx), self));
                });
    }

    private static boolean isNews2Total(String token) {
        String t = token.trim();
        return t.equals(News2Coding.NEWS2_TOTAL) || t.equals("|" + News2Coding.NEWS2_TOTAL)
                || t.equals(News2Coding.SNOMED + "|" + News2Coding.NEWS2_TOTAL);
    }

    // ------------------------------------------------------------------------------------------------ answers

    /** Failures on /fhir/*: a body over the limit is 413, other client faults 400, a fault of ours 500; all FHIR. */
    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            outcome(ctx, 413, IssueType.TOOCOSTLY, "request body larger than " + maxBodyBytes + " bytes", null);
        } else if (status >= 400 && status < 500) {
            outcome(ctx, status, IssueType.INVALID, "bad request", null);
        } else {
            UnexpectedFailures.log(LOG, ctx);
            outcome(ctx, 500, IssueType.EXCEPTION, "internal error", null);
        }
    }

    private void outcome(RoutingContext ctx, int status, IssueType type, String message, List<String> expressions) {
        outcomes(ctx, status, OperationOutcome.IssueSeverity.ERROR, type, message, expressions);
    }

    private void outcomes(RoutingContext ctx, int status, OperationOutcome.IssueSeverity severity, IssueType type,
                          String message, List<String> expressions) {
        OperationOutcome oo = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = oo.addIssue().setSeverity(severity).setCode(type)
                .setDiagnostics(message);
        if (expressions != null) {
            for (String e : expressions) {
                issue.addExpression(e);
            }
        }
        reply(ctx, status, oo);
    }

    /** Every FHIR answer; an audited one (the search) only once its audit record is journaled. */
    private void reply(RoutingContext ctx, int status, IBaseResource resource) {
        ReplyAudit.thenSend(ctx, status, () -> send(ctx, status, resource), () -> {
            ctx.response().putHeader("Retry-After", "1");
            OperationOutcome oo = new OperationOutcome();
            oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(IssueType.TRANSIENT)
                    .setDiagnostics(ReplyAudit.NOT_RECORDED);
            send(ctx, 503, oo);
        });
    }

    private void send(RoutingContext ctx, int status, IBaseResource resource) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", FHIR_JSON + ";charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(fhir.newJsonParser().encodeResourceToString(resource));
    }

    /** This server's FHIR base as the client reached it (scheme from the connection, host from the request). */
    private static String base(RoutingContext ctx) {
        return (ctx.request().isSSL() ? "https://" : "http://") + ctx.request().authority() + "/fhir";
    }
}
