package io.vox.master.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A run's report as one self-contained HTML page (inline CSS and SVG charts, no script and nothing
 * fetched), so it can be saved and opened offline: the run, its thresholds and actions, results and
 * errors per second, latency percentiles over time, dispatch skew per node, and the top errors. The
 * markup is in Mustache templates beside this class ({@code report}, {@code charts}, {@code
 * chart}), which escape every value; this class computes what they show (figures, the charts'
 * geometry).
 */
public final class HtmlReport {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd"};
  private static final int W = 860;
  private static final int H = 240;
  private static final int LEFT = 64;
  private static final int BOTTOM = 28;

  private static final Mustache PAGE = template("report.mustache");
  private static final Mustache CHARTS = template("charts.mustache");
  private static final Mustache CHART = template("chart.mustache");

  private HtmlReport() {}

  /** Everything the page shows. */
  public record Data(
      RunView run,
      List<ActionSummary> actions,
      Timeline timeline,
      LatencyOverTime latency,
      NodeSkew skew,
      ErrorGroups errors,
      RequestStats requests) {}

  public static String render(Data d) {
    RunView run = d.run();
    Map<String, Object> page = new HashMap<>();
    page.put("id", run.id());
    page.put("name", run.name());
    page.put("state", run.state());
    page.put("error", run.error());
    page.put("unjudged", run.passed() == null);
    page.put("passed", Boolean.TRUE.equals(run.passed()));
    page.put("failed", Boolean.FALSE.equals(run.passed()));
    page.put("users", run.users());
    page.put(
        "params",
        run.params() == null
            ? List.of()
            : run.params().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "value", e.getValue()))
                .toList());
    page.put("connected", run.connected());
    page.put("connectFailed", run.connectFailed());
    page.put("created", time(run.createdAtMs()));
    page.put("ended", run.endedAtMs() > 0 ? time(run.endedAtMs()) : "-");
    List<Map<String, Object>> thresholds = new ArrayList<>();
    if (run.thresholds() != null) {
      for (var t : run.thresholds()) {
        thresholds.add(
            Map.of(
                "threshold", String.valueOf(t.threshold()),
                "actual", t.actual() == null ? "-" : num(t.actual()),
                "passed", t.passed()));
      }
    }
    page.put("hasThresholds", !thresholds.isEmpty());
    page.put("thresholds", thresholds);
    List<Map<String, Object>> actions = new ArrayList<>();
    List<Map<String, Object>> phases = new ArrayList<>();
    for (ActionSummary a : d.actions()) {
      String name = actionName(run, a.action());
      actions.add(
          row(
              "action",
              a.action(),
              "name",
              name,
              "count",
              a.count(),
              "errors",
              a.errors(),
              "httpRequests",
              a.httpRequests(),
              "rate",
              rate(run, a.action(), a.httpRequests()),
              "p50",
              num(a.p50Ms()),
              "p95",
              num(a.p95Ms()),
              "p99",
              num(a.p99Ms()),
              "max",
              num(a.maxMs()),
              "correctedP99",
              num(a.correctedP99Ms()),
              "skewP99",
              num(a.dispatchP99Ms()),
              "loopLag",
              num(a.loopLagP99Ms()),
              "saturated",
              a.generatorSaturated(),
              "lagNode",
              a.loopLagNode()));
      for (ActionSummary.Phase p : a.phases()) {
        phases.add(
            row(
                "action",
                a.action(),
                "name",
                name,
                "phase",
                p.name(),
                "count",
                p.count(),
                "mean",
                num(p.meanMs()),
                "p50",
                num(p.p50Ms()),
                "p95",
                num(p.p95Ms()),
                "p99",
                num(p.p99Ms()),
                "max",
                num(p.maxMs())));
      }
    }
    page.put("actions", actions);
    List<Map<String, Object>> requests = new ArrayList<>();
    boolean grouped = false;
    for (RequestStats.Entry e : d.requests().requests()) {
      grouped |= e.group() != null;
      requests.add(
          row(
              "action",
              e.action(),
              "actionName",
              e.actionName(),
              "group",
              e.group() == null ? "" : e.group(),
              "name",
              e.name(),
              "count",
              e.count(),
              "errors",
              e.errors(),
              "mean",
              num(e.meanMs()),
              "p50",
              num(e.p50Ms()),
              "p95",
              num(e.p95Ms()),
              "p99",
              num(e.p99Ms()),
              "max",
              num(e.maxMs()),
              "correctedP99",
              num(e.correctedP99Ms()),
              "firstByte",
              num(e.waitMs()),
              "opening",
              e.dnsMs() == null ? "-" : num(e.dnsMs() + e.connectMs() + e.tlsMs()),
              "kib",
              e.answered() == null
                  ? "-"
                  : String.format(
                      java.util.Locale.ROOT, "%.1f", e.bytes() / 1024.0 / e.answered())));
    }
    page.put("hasRequests", !requests.isEmpty());
    page.put("grouped", grouped);
    page.put("requests", requests);
    page.put("hasPhases", !phases.isEmpty());
    page.put("phases", phases);
    page.put("charts", overTime(d.timeline(), d.latency()));
    List<Map<String, Object>> skew = new ArrayList<>();
    for (NodeSkew.Entry e : d.skew().nodes()) {
      skew.add(
          row(
              "node",
              e.nodeId(),
              "action",
              e.action(),
              "users",
              e.users(),
              "p50",
              num(e.p50Ms()),
              "p99",
              num(e.p99Ms()),
              "max",
              num(e.maxMs()),
              "delivery",
              e.deliveryMs() == null ? "-" : num(e.deliveryMs()),
              "clockError",
              e.clockErrorMs() == null ? "-" : "± " + num(e.clockErrorMs())));
    }
    page.put("skew", skew);
    List<Map<String, Object>> errors = new ArrayList<>();
    for (ErrorGroups.Group g : d.errors().groups()) {
      errors.add(row("action", g.action(), "reason", g.key(), "count", g.count()));
    }
    page.put("errors", errors);
    page.put("generated", time(System.currentTimeMillis()));
    return render(PAGE, page);
  }

  /** A template row from name, value pairs. */
  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static String render(Mustache template, Object scope) {
    StringWriter out = new StringWriter(16_384);
    template.execute(out, scope);
    return out.toString();
  }

  private static Mustache template(String name) {
    try (var in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no template " + name + " beside HtmlReport");
      }
      return new DefaultMustacheFactory()
          .compile(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The charts over a run's time, as HTML with inline SVG: results and errors per second (of their
   * start), and latency percentiles per second. Shared by the report and the live run page.
   */
  public static String overTime(Timeline timeline, LatencyOverTime latency) {
    List<Timeline.Second> ts = timeline.seconds();
    long t0 = ts.isEmpty() ? 0 : ts.get(0).second();
    if (!latency.seconds().isEmpty()) {
      t0 = Math.min(t0 == 0 ? Long.MAX_VALUE : t0, latency.seconds().get(0).second());
    }
    if (!latency.requests().isEmpty()) {
      t0 = Math.min(t0 == 0 ? Long.MAX_VALUE : t0, latency.requests().get(0).second());
    }
    Map<String, ToDoubleFunction<LatencyOverTime.Requests>> perSecond = new LinkedHashMap<>();
    perSecond.put("requests/s", LatencyOverTime.Requests::count);
    perSecond.put("failed/s", LatencyOverTime.Requests::errors);
    Map<String, ToDoubleFunction<LatencyOverTime.Second>> pct = new LinkedHashMap<>();
    pct.put("p50", LatencyOverTime.Second::p50Ms);
    pct.put("p95", LatencyOverTime.Second::p95Ms);
    pct.put("p99", LatencyOverTime.Second::p99Ms);
    List<Map<String, Object>> charts =
        List.of(
            row(
                "title",
                "Throughput: results started per second",
                "svg",
                chart(ts, t0, Timeline.Second::second, series("results/s", s -> s.count()), "/s")),
            row(
                "title",
                "Requests per second (each request step, loop iterations included)",
                "svg",
                chart(latency.requests(), t0, LatencyOverTime.Requests::second, perSecond, "/s")),
            row(
                "title",
                "Errors per second",
                "svg",
                chart(ts, t0, Timeline.Second::second, series("errors/s", s -> s.errors()), "/s")),
            row(
                "title",
                "Latency percentiles over time (ms)",
                "svg",
                chart(latency.seconds(), t0, LatencyOverTime.Second::second, pct, " ms")));
    return render(CHARTS, Map.of("charts", charts));
  }

  private static <T> Map<String, ToDoubleFunction<T>> series(String name, ToDoubleFunction<T> f) {
    Map<String, ToDoubleFunction<T>> m = new LinkedHashMap<>();
    m.put(name, f);
    return m;
  }

  /** A line chart of {@code series} over the points' seconds, from second {@code t0}. */
  static <T> String chart(
      List<T> points,
      long t0,
      java.util.function.ToLongFunction<T> second,
      Map<String, ToDoubleFunction<T>> series,
      String unit) {
    if (points.isEmpty()) {
      return render(CHART, Map.of("empty", true));
    }
    double maxY = 0;
    long maxX = 1;
    for (T p : points) {
      maxX = Math.max(maxX, second.applyAsLong(p) - t0);
      for (ToDoubleFunction<T> f : series.values()) {
        maxY = Math.max(maxY, f.applyAsDouble(p));
      }
    }
    maxY = maxY <= 0 ? 1 : maxY * 1.05;
    int plotW = W - LEFT - 16;
    int plotH = H - BOTTOM - 24;
    List<Map<String, Object>> lines = new ArrayList<>();
    List<Map<String, Object>> labels = new ArrayList<>();
    lines.add(line(LEFT, 16, LEFT, 16 + plotH, "#999"));
    lines.add(line(LEFT, 16 + plotH, LEFT + plotW, 16 + plotH, "#999"));
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      int y = 16 + plotH - (int) Math.round(plotH * i / 4.0);
      lines.add(line(LEFT - 4, y, LEFT + plotW, y, "#e4e4e4"));
      labels.add(row("x", LEFT - 6, "y", y + 4, "anchor", "end", "text", num(v) + unit));
    }
    labels.add(row("x", LEFT, "y", H - 8, "anchor", "start", "text", "0 s"));
    labels.add(row("x", LEFT + plotW, "y", H - 8, "anchor", "end", "text", maxX + " s"));
    int c = 0;
    List<Map<String, Object>> drawn = new ArrayList<>();
    for (Map.Entry<String, ToDoubleFunction<T>> e : series.entrySet()) {
      StringBuilder pts = new StringBuilder();
      for (T p : points) {
        double x = LEFT + plotW * (double) (second.applyAsLong(p) - t0) / maxX;
        double y = 16 + plotH - plotH * e.getValue().applyAsDouble(p) / maxY;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      drawn.add(
          row(
              "color", COLORS[c++ % COLORS.length],
              "name", e.getKey(),
              "points", pts.toString().trim()));
    }
    return render(
        CHART,
        row(
            "empty", false, "width", W, "height", H, "lines", lines, "labels", labels, "series",
            drawn, "legendX", LEFT + 8));
  }

  private static Map<String, Object> line(int x1, int y1, int x2, int y2, String color) {
    return row("x1", x1, "y1", y1, "x2", x2, "y2", y2, "color", color);
  }

  /** {@code requests} over the time action {@code action} took, per second; "-" until it ends. */
  private static String rate(RunView run, int action, long requests) {
    return run.actionProgress().stream()
        .filter(a -> a.action() == action && a.completedAtMs() > a.dispatchedAtMs())
        .map(a -> num(requests * 1000.0 / (a.completedAtMs() - a.dispatchedAtMs())))
        .findFirst()
        .orElse("-");
  }

  private static String actionName(RunView run, int action) {
    return run.actionProgress().stream()
        .filter(a -> a.action() == action)
        .map(RunView.ActionView::name)
        .findFirst()
        .orElse("");
  }

  private static String time(long ms) {
    return Instant.ofEpochMilli(ms).toString();
  }

  private static String num(Double v) {
    return v == null ? "-" : num(v.doubleValue());
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }
}
