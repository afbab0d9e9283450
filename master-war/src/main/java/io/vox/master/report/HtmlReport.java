package io.vox.master.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A run's report as one self-contained HTML page (inline CSS and SVG charts, no script and nothing
 * fetched), so it can be saved and opened offline: the run, its thresholds and actions, results and
 * errors per second, latency percentiles over time, dispatch skew per node, and the top errors.
 */
public final class HtmlReport {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd"};
  private static final int W = 860;
  private static final int H = 240;
  private static final int LEFT = 64;
  private static final int BOTTOM = 28;

  private HtmlReport() {}

  /** Everything the page shows. */
  public record Data(
      RunView run,
      List<ActionSummary> actions,
      Timeline timeline,
      LatencyOverTime latency,
      NodeSkew skew,
      ErrorGroups errors) {}

  public static String render(Data d) {
    RunView run = d.run();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Vox run ")
        .append(run.id())
        .append(": ")
        .append(esc(run.name()))
        .append("</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:960px}")
        .append("table{border-collapse:collapse;margin:8px 0 20px}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f3f3f3}td.l,th.l{text-align:left}")
        .append(".pass{color:#2a7a2a;font-weight:bold}.fail{color:#b22;font-weight:bold}")
        .append("svg{background:#fafafa;border:1px solid #ddd;margin-bottom:16px}")
        .append("</style></head><body>\n");
    h.append("<h1>Run ").append(run.id()).append(": ").append(esc(run.name())).append("</h1>\n");
    h.append("<table><tr><th class=l>state</th><td class=l>")
        .append(esc(run.state()))
        .append(run.error() == null ? "" : " (" + esc(run.error()) + ")")
        .append("</td></tr><tr><th class=l>verdict</th><td class=l>")
        .append(
            run.passed() == null
                ? "no thresholds judged"
                : run.passed()
                    ? "<span class=pass>passed</span>"
                    : "<span class=fail>failed</span>")
        .append("</td></tr><tr><th class=l>users</th><td class=l>")
        .append(run.users())
        .append(" (")
        .append(run.connected())
        .append(" connected, ")
        .append(run.connectFailed())
        .append(" failed to connect)</td></tr><tr><th class=l>created</th><td class=l>")
        .append(time(run.createdAtMs()))
        .append("</td></tr><tr><th class=l>ended</th><td class=l>")
        .append(run.endedAtMs() > 0 ? time(run.endedAtMs()) : "-")
        .append("</td></tr></table>\n");
    if (run.thresholds() != null && !run.thresholds().isEmpty()) {
      h.append("<h2>Thresholds</h2><table><tr><th class=l>threshold</th><th>actual</th>")
          .append("<th class=l>result</th></tr>\n");
      for (var t : run.thresholds()) {
        h.append("<tr><td class=l>")
            .append(esc(String.valueOf(t.threshold())))
            .append("</td><td>")
            .append(t.actual() == null ? "-" : num(t.actual()))
            .append("</td><td class=l>")
            .append(
                t.passed() ? "<span class=pass>passed</span>" : "<span class=fail>failed</span>")
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Actions</h2><table><tr><th>#</th><th class=l>name</th><th>results</th>")
        .append("<th>errors</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th>")
        .append("<th>corrected p99 ms</th><th>skew p99 ms</th></tr>\n");
    for (ActionSummary a : d.actions()) {
      h.append("<tr><td>")
          .append(a.action())
          .append("</td><td class=l>")
          .append(esc(actionName(run, a.action())))
          .append("</td><td>")
          .append(a.count())
          .append("</td><td>")
          .append(a.errors())
          .append("</td><td>")
          .append(num(a.p50Ms()))
          .append("</td><td>")
          .append(num(a.p95Ms()))
          .append("</td><td>")
          .append(num(a.p99Ms()))
          .append("</td><td>")
          .append(num(a.maxMs()))
          .append("</td><td>")
          .append(num(a.correctedP99Ms()))
          .append("</td><td>")
          .append(num(a.dispatchP99Ms()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    h.append(phases(run, d.actions()));

    h.append(overTime(d.timeline(), d.latency()));

    h.append("<h2>Dispatch skew per node</h2><table><tr><th class=l>node</th><th>action</th>")
        .append("<th>users</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>\n");
    for (NodeSkew.Entry e : d.skew().nodes()) {
      h.append("<tr><td class=l>")
          .append(esc(e.nodeId()))
          .append("</td><td>")
          .append(e.action())
          .append("</td><td>")
          .append(e.users())
          .append("</td><td>")
          .append(num(e.p50Ms()))
          .append("</td><td>")
          .append(num(e.p99Ms()))
          .append("</td><td>")
          .append(num(e.maxMs()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Top errors</h2><table><tr><th>action</th>")
        .append("<th class=l>reason</th><th>count</th></tr>\n");
    for (ErrorGroups.Group g : d.errors().groups()) {
      h.append("<tr><td>")
          .append(g.action())
          .append("</td><td class=l>")
          .append(esc(g.key()))
          .append("</td><td>")
          .append(g.count())
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p>Generated by Vox Load Test at ")
        .append(time(System.currentTimeMillis()))
        .append(".</p></body></html>\n");
    return h.toString();
  }

  /** Where each action's HTTP requests spent their time; nothing when no request was timed. */
  static String phases(RunView run, java.util.List<ActionSummary> actions) {
    StringBuilder h = new StringBuilder();
    for (ActionSummary a : actions) {
      for (ActionSummary.Phase p : a.phases()) {
        h.append("<tr><td>")
            .append(a.action())
            .append("</td><td class=l>")
            .append(esc(actionName(run, a.action())))
            .append("</td><td class=l>")
            .append(p.name())
            .append("</td><td>")
            .append(p.count())
            .append("</td><td>")
            .append(num(p.meanMs()))
            .append("</td><td>")
            .append(num(p.p50Ms()))
            .append("</td><td>")
            .append(num(p.p95Ms()))
            .append("</td><td>")
            .append(num(p.p99Ms()))
            .append("</td><td>")
            .append(num(p.maxMs()))
            .append("</td></tr>\n");
      }
    }
    if (h.isEmpty()) {
      return "";
    }
    return "<h2>Request timings</h2><p>Per HTTP request (redirect hops and loop iterations"
        + " included): name resolution, connect and TLS handshake of the requests that opened a"
        + " connection, wait from the write to the first byte, download of the rest.</p>"
        + "<table><tr><th>#</th><th class=l>name</th><th class=l>phase</th><th>requests</th>"
        + "<th>mean ms</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>\n"
        + h
        + "</table>\n";
  }

  /**
   * The charts over a run's time, as HTML with inline SVG: results and errors per second (of their
   * start), and latency percentiles per second. Shared by the report and the live run page.
   */
  public static String overTime(Timeline timeline, LatencyOverTime latency) {
    StringBuilder h = new StringBuilder(8_192);
    List<Timeline.Second> ts = timeline.seconds();
    long t0 = ts.isEmpty() ? 0 : ts.get(0).second();
    if (!latency.seconds().isEmpty()) {
      t0 = Math.min(t0 == 0 ? Long.MAX_VALUE : t0, latency.seconds().get(0).second());
    }
    h.append("<h2>Throughput: results started per second</h2>\n");
    h.append(chart(ts, t0, Timeline.Second::second, series("results/s", s -> s.count()), "/s"));
    h.append("<h2>Errors per second</h2>\n");
    h.append(chart(ts, t0, Timeline.Second::second, series("errors/s", s -> s.errors()), "/s"));
    h.append("<h2>Latency percentiles over time (ms)</h2>\n");
    Map<String, ToDoubleFunction<LatencyOverTime.Second>> pct = new LinkedHashMap<>();
    pct.put("p50", LatencyOverTime.Second::p50Ms);
    pct.put("p95", LatencyOverTime.Second::p95Ms);
    pct.put("p99", LatencyOverTime.Second::p99Ms);
    h.append(chart(latency.seconds(), t0, LatencyOverTime.Second::second, pct, " ms"));

    return h.toString();
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
      return "<p>No data.</p>\n";
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
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" role=\"img\">\n");
    s.append(line(LEFT, 16, LEFT, 16 + plotH, "#999"))
        .append(line(LEFT, 16 + plotH, LEFT + plotW, 16 + plotH, "#999"));
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      int y = 16 + plotH - (int) Math.round(plotH * i / 4.0);
      s.append(line(LEFT - 4, y, LEFT + plotW, y, "#e4e4e4"))
          .append(text(LEFT - 6, y + 4, "end", num(v) + unit));
    }
    s.append(text(LEFT, H - 8, "start", "0 s"))
        .append(text(LEFT + plotW, H - 8, "end", maxX + " s"));
    int c = 0;
    List<String> legend = new ArrayList<>();
    for (Map.Entry<String, ToDoubleFunction<T>> e : series.entrySet()) {
      String color = COLORS[c++ % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (T p : points) {
        double x = LEFT + plotW * (double) (second.applyAsLong(p) - t0) / maxX;
        double y = 16 + plotH - plotH * e.getValue().applyAsDouble(p) / maxY;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      s.append("<polyline fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"1.5\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>\n");
      legend.add(
          "<tspan fill=\"" + color + "\">&#9632; " + esc(e.getKey()) + "</tspan>&#160;&#160;");
    }
    s.append("<text x=\"")
        .append(LEFT + 8)
        .append("\" y=\"12\" font-size=\"12\">")
        .append(String.join("", legend))
        .append("</text>\n</svg>\n");
    return s.toString();
  }

  private static String line(int x1, int y1, int x2, int y2, String color) {
    return "<line x1=\""
        + x1
        + "\" y1=\""
        + y1
        + "\" x2=\""
        + x2
        + "\" y2=\""
        + y2
        + "\" stroke=\""
        + color
        + "\"/>\n";
  }

  private static String text(int x, int y, String anchor, String s) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" text-anchor=\""
        + anchor
        + "\" font-size=\"11\" fill=\"#555\">"
        + esc(s)
        + "</text>\n";
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

  /** Text for HTML: the five special characters escaped. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
