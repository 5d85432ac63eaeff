package org.vigil.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.clinical.spc.XmrChart;
import org.vigil.events.CalendarDay;
import org.vigil.events.InvalidEventException;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.engine.Engine;
import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;
import org.vigil.server.spc.BoardChart;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.spc.BoardUnit;
import org.vigil.server.spc.DailyValues;
import org.vigil.server.spc.MetricSettings;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The board's live series ({@code docs/spc.md} § The board's metrics): {@code GET /api/v1/spc/{unit}/{metric}}, one
 * metric's daily values and their XmR chart for a ward, care home or roll-up ({@code trust:RVT}, {@code place:FYL},
 * {@code system}), and {@code GET /api/v1/spc/{unit}}, every metric it keeps with its latest icons. The engine thread
 * reads the values; the charts are drawn and encoded on the event loop. A roll-up may be read by a token that may
 * read every unit in it.
 */
public final class SpcSeriesApi {
    private final Organisation org;
    private final Engine engine;
    private final Access access;
    /** Whole days a chart shows unless the request says (policies.spc.chartDays). */
    private final int chartDays;

    public SpcSeriesApi(Organisation org, Engine engine, Access access, int chartDays) {
        this.org = org;
        this.engine = engine;
        this.access = access;
        this.chartDays = chartDays;
    }

    public void mount(Router router) {
        router.get("/api/v1/spc/:unit/:metric").handler(QueryParams.only("from", "to", "baselinePoints")).handler(this::metric);
        router.get("/api/v1/spc/:unit").handler(QueryParams.only("from", "to")).handler(this::list);
    }

    /** A request's window and baseline, checked; or the 400 already sent. */
    private record Window(LocalDate from, LocalDate to, Integer baseline) {}

    private void metric(RoutingContext ctx) {
        BoardUnit unit = readable(ctx);
        if (unit == null) {
            return;
        }
        String id = ctx.pathParam("metric");
        BoardMetric metric = BoardMetric.byId(id);
        if (metric == null || !unit.has(metric)) {
            Replies.error(ctx, 400, "metric: " + (metric == null ? "no board metric '" + id + "'"
                    : "'" + id + "' is not kept for " + unit.id()) + " (metrics: " + ids(unit) + ")", "metric", -1);
            return;
        }
        Window w = window(ctx);
        if (w == null) {
            return;
        }
        Replies.answer(ctx, engine.read(state -> read(state.board(), unit, metric, w)),
                read -> chartJson(BoardChart.of(unit, read.settings, read.values, w.baseline)));
    }

    private void list(RoutingContext ctx) {
        BoardUnit unit = readable(ctx);
        if (unit == null) {
            return;
        }
        Window w = window(ctx);
        if (w == null) {
            return;
        }
        Replies.answer(ctx, engine.read(state -> {
            List<Read> reads = new ArrayList<>();
            for (BoardMetric m : unit.metrics()) {
                reads.add(read(state.board(), unit, m, w));
            }
            return new Listing(reads, state.board().settings().wallMetrics());
        }), listing -> listJson(unit, listing));
    }

    private record Read(MetricSettings settings, DailyValues values) {}

    private record Listing(List<Read> reads, List<BoardMetric> wall) {}

    private Read read(BoardSeries board, BoardUnit unit, BoardMetric metric, Window w) {
        LocalDate today = board.today(unit);
        if (today == null) { // before the first record: no day at all yet
            return new Read(board.settings().metric(metric), board.daily(unit, metric, LocalDate.EPOCH, LocalDate.EPOCH));
        }
        LocalDate to = w.to != null ? w.to : today.minusDays(1);
        LocalDate from = w.from != null ? w.from : to.minusDays(chartDays - 1L);
        return new Read(board.settings().metric(metric), board.daily(unit, metric, from, to));
    }

    /** The unit or roll-up of the path, if it exists (404) and the token may read all of it (403). */
    private BoardUnit readable(RoutingContext ctx) {
        String id = ctx.pathParam("unit");
        BoardUnit unit = BoardUnit.resolve(org, id);
        if (unit == null) {
            Replies.error(ctx, 404, "unit: no ward, care home or roll-up '" + id
                    + "' (a unit id, trust:<id>, place:<id> or system)", "unit", -1);
            return null;
        }
        Principal who = Authenticator.principal(ctx);
        for (Unit u : unit.members()) {
            if (!access.mayRead(who, u)) {
                Replies.error(ctx, 403, "this token may not read '" + u.id() + "'"
                        + (unit.rollUp() ? ", part of " + id : ""));
                return null;
            }
        }
        return unit;
    }

    private static Window window(RoutingContext ctx) {
        try {
            LocalDate from = date(ctx, "from");
            LocalDate to = date(ctx, "to");
            if (from != null && to != null && from.isAfter(to)) {
                Replies.error(ctx, 400, "from: after 'to'", "from", -1);
                return null;
            }
            String b = QueryParams.one(ctx, "baselinePoints");
            Integer baseline = null;
            if (b != null) {
                try {
                    baseline = Integer.parseInt(b);
                } catch (NumberFormatException e) {
                    baseline = 0;
                }
                if (baseline < 2) {
                    Replies.error(ctx, 400, "baselinePoints: a whole number of at least 2", "baselinePoints", -1);
                    return null;
                }
            }
            return new Window(from, to, baseline);
        } catch (BadDate e) {
            Replies.error(ctx, 400, e.field + ": not a yyyy-MM-dd date", e.field, -1);
            return null;
        } catch (InvalidEventException e) { // a parameter given twice, or empty
            Replies.invalid(ctx, 400, e);
            return null;
        }
    }

    private static final class BadDate extends Exception {
        final String field;

        BadDate(String field) {
            super(field, null, false, false);
            this.field = field;
        }
    }

    private static LocalDate date(RoutingContext ctx, String name) throws BadDate, InvalidEventException {
        String s = QueryParams.one(ctx, name);
        if (s == null) {
            return null;
        }
        try {
            return CalendarDay.parse(s);
        } catch (DateTimeParseException e) {
            throw new BadDate(name);
        }
    }

    private static String ids(BoardUnit unit) {
        List<String> ids = new ArrayList<>();
        for (BoardMetric m : unit.metrics()) {
            ids.add(m.id());
        }
        return String.join(", ", ids);
    }

    // ------------------------------------------------------------------ JSON

    private static JsonObject head(BoardUnit unit) {
        JsonObject o = new JsonObject().put("unit", unit.id()).put("unitName", unit.name())
                .put("level", unit.level().word());
        if (unit.rollUp()) {
            JsonArray members = new JsonArray();
            for (Unit u : unit.members()) {
                members.add(new JsonObject().put("id", u.id()).put("name", u.name()).put("kind", u.kind()));
            }
            o.put("members", members);
        }
        return o;
    }

    private static JsonObject metricHead(JsonObject o, BoardChart c) {
        BoardMetric m = c.settings().metric();
        DailyValues v = c.values();
        return o.put("metric", m.id()).put("label", m.label()).put("unitOfMeasure", m.unitOfMeasure())
                .put("improvement", c.settings().improvement().name()).put("target", c.settings().target())
                .put("baselinePoints", c.baselinePoints())
                .put("today", v.today() == null ? null : v.today().toString()).put("todayValue", v.todayValue())
                .put("readings", new JsonArray(new ArrayList<>(c.readings())));
    }

    /** The chart of one metric: its head, dates and values, and the shape of {@code POST /api/v1/spc}. */
    static JsonObject chartJson(BoardChart c) {
        JsonObject o = metricHead(head(c.unit()), c);
        JsonArray dates = new JsonArray();
        c.values().dates().forEach(d -> dates.add(d.toString()));
        o.put("dates", dates).put("values", new JsonArray(new ArrayList<>(c.values().values())));
        JsonObject chart = c.chart() == null ? empty() : SpcEndpoint.toJson(c.chart(), c.values().dates());
        return o.mergeIn(chart);
    }

    /** The chart fields with no points at all (no whole day yet): every line and icon null. */
    private static JsonObject empty() {
        return new JsonObject().put("mean", null).put("movingRangeMean", null).put("upperProcessLimit", null)
                .put("lowerProcessLimit", null).put("upperTwoSigma", null).put("lowerTwoSigma", null)
                .put("points", new JsonArray()).put("variationIcon", null).put("assuranceIcon", null);
    }

    private JsonObject listJson(BoardUnit unit, Listing listing) {
        JsonArray wall = new JsonArray();
        listing.wall().forEach(m -> wall.add(m.id()));
        JsonArray metrics = new JsonArray();
        for (Read r : listing.reads()) {
            BoardChart c = BoardChart.of(unit, r.settings, r.values, null);
            XmrChart x = c.chart();
            int n = c.values().values().size();
            metrics.add(metricHead(new JsonObject(), c)
                    .put("points", n)
                    .put("latestDate", n == 0 ? null : c.values().dates().get(n - 1).toString())
                    .put("latestValue", n == 0 ? null : c.values().values().get(n - 1))
                    .put("mean", x == null ? null : x.mean())
                    .put("variationIcon", x == null || x.variationIcon() == null ? null : x.variationIcon().name())
                    .put("assuranceIcon", x == null || x.assuranceIcon() == null ? null : x.assuranceIcon().name()));
        }
        return head(unit).put("wallMetrics", wall).put("metrics", metrics);
    }
}
