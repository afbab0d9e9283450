package io.vox.master.web;

import io.vox.master.app.ReportService;
import io.vox.master.report.ActionSummary;
import io.vox.master.report.RequestStats;
import io.vox.master.report.RunComparison;
import io.vox.master.report.RunView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backs {@code compare.xhtml?a=A&b=B}: run B against run A, action by action and request by
 * request, each ratio B / A marked better or worse; and the trend of the runs named as B.
 */
@Named
@RequestScoped
public class ComparePage {
  /** A ratio within this of 1 is the same figure (noise between two runs of one plan). */
  static final double SAME = 0.05;

  /** Runs in the trend, newest first. */
  static final int TREND_RUNS = 20;

  @Inject ReportService reports;

  private long a;
  private long b;
  private RunView runA;
  private RunView runB;
  private List<Map<String, Object>> actions;
  private List<Map<String, Object>> requests;
  private List<Map<String, Object>> trend;
  private List<String> trendActions;

  public long getA() {
    return a;
  }

  public void setA(long a) {
    this.a = a;
  }

  public long getB() {
    return b;
  }

  public void setB(long b) {
    this.b = b;
  }

  /** Reads both runs (the page's view action). */
  public void load() {
    runA = reports.run(a);
    runB = reports.run(b);
    if (runA == null || runB == null) {
      return;
    }
    actions = new ArrayList<>();
    RunComparison c = reports.compare(runA, runB);
    for (RunComparison.Pair p : c.actions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", p.action());
      m.put("name", p.nameB() != null ? p.nameB() : p.nameA());
      m.put("a", p.a() == null ? null : Rows.of(p.a()));
      m.put("b", p.b() == null ? null : Rows.of(p.b()));
      m.put("errorsA", errorShare(p.a()));
      m.put("errorsB", errorShare(p.b()));
      m.put("p50", ratio(figure(p.a(), ActionSummary::p50Ms), figure(p.b(), ActionSummary::p50Ms)));
      m.put("p99", ratio(figure(p.a(), ActionSummary::p99Ms), figure(p.b(), ActionSummary::p99Ms)));
      m.put(
          "mean",
          ratio(figure(p.a(), ActionSummary::meanMs), figure(p.b(), ActionSummary::meanMs)));
      m.put("errorShare", ratio(errorShare(p.a()), errorShare(p.b())));
      actions.add(m);
    }
    requests = requestPairs(reports.requests(runA), reports.requests(runB));
    trend();
  }

  private static <T> Double figure(T summary, java.util.function.Function<T, Double> f) {
    return summary == null ? null : f.apply(summary);
  }

  /**
   * Request steps by action, group and name, as both runs have them; steps of one name in an action
   * pair by their order (two {@code GET /api/items/${id}} in one action are two rows).
   */
  private static List<Map<String, Object>> requestPairs(RequestStats ra, RequestStats rb) {
    Map<String, RequestStats.Entry[]> byKey = new LinkedHashMap<>();
    Map<String, Integer> seen = new java.util.HashMap<>();
    for (RequestStats.Entry e : rb.requests()) {
      byKey.computeIfAbsent(key(e, seen), k -> new RequestStats.Entry[2])[1] = e;
    }
    seen.clear();
    for (RequestStats.Entry e : ra.requests()) {
      byKey.computeIfAbsent(key(e, seen), k -> new RequestStats.Entry[2])[0] = e;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    byKey.forEach(
        (k, pair) -> {
          RequestStats.Entry any = pair[1] != null ? pair[1] : pair[0];
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("action", any.action());
          m.put("actionName", any.actionName());
          m.put("group", any.group());
          m.put("name", any.name());
          m.put("a", pair[0] == null ? null : Rows.of(pair[0]));
          m.put("b", pair[1] == null ? null : Rows.of(pair[1]));
          m.put(
              "p99",
              ratio(
                  figure(pair[0], RequestStats.Entry::p99Ms),
                  figure(pair[1], RequestStats.Entry::p99Ms)));
          m.put(
              "errorPercent",
              ratio(
                  figure(pair[0], RequestStats.Entry::errorPercent),
                  figure(pair[1], RequestStats.Entry::errorPercent)));
          out.add(m);
        });
    return out;
  }

  private static String key(RequestStats.Entry e, Map<String, Integer> seen) {
    String k = e.action() + "\u0000" + e.group() + "\u0000" + e.name();
    return k + "\u0000" + seen.merge(k, 1, Integer::sum);
  }

  /**
   * Run B and the runs before it of its name, {@link #TREND_RUNS} at most: per action name its p99
   * and error share.
   */
  private void trend() {
    trend = new ArrayList<>();
    trendActions = new ArrayList<>();
    for (RunView r : reports.latestNamed(runB.name(), runB.id(), TREND_RUNS)) {
      Map<String, Object> row = new LinkedHashMap<>(Rows.of(r));
      // per action name, its repeats together: the highest p99, the share of failed results
      Map<String, double[]> figures = new LinkedHashMap<>();
      for (ActionSummary s : reports.actions(r)) {
        String name =
            r.actionProgress().stream()
                .filter(v -> v.action() == s.action())
                .map(RunView.ActionView::name)
                .findFirst()
                .orElse("action " + s.action());
        if (!trendActions.contains(name)) {
          trendActions.add(name);
        }
        double[] f = figures.computeIfAbsent(name, n -> new double[] {-1, 0, 0});
        if (s.p99Ms() != null) {
          f[0] = Math.max(f[0], s.p99Ms());
        }
        f[1] += s.errors();
        f[2] += s.count();
      }
      Map<String, Object> byAction = new LinkedHashMap<>();
      figures.forEach(
          (name, f) ->
              byAction.put(
                  name,
                  Map.of(
                      "p99Ms", f[0] < 0 ? "" : (Object) f[0],
                      "errors", f[2] == 0 ? "" : (Object) (f[1] / f[2]))));
      row.put("byAction", byAction);
      trend.add(row);
    }
  }

  /** The share of failed results, or null without results. */
  static Double errorShare(ActionSummary s) {
    return s == null || s.count() == 0 ? null : (double) s.errors() / s.count();
  }

  /**
   * Figure {@code b} against {@code a} (a latency or an error share: lower is better), as the ratio
   * b / a with its class. Errors where there were none, or no latency where there was one (every
   * result failed), are worse, shown as "new" and "none"; the reverse is better.
   */
  static Map<String, Object> ratio(Double a, Double b) {
    String value;
    String css;
    if (a == null && b == null) {
      value = "";
      css = "vox-same";
    } else if (a == null) {
      value = "new";
      css = "vox-same"; // a figure only B has (an action or step A lacked): nothing to weigh
    } else if (b == null) {
      value = "none";
      css = "vox-worse";
    } else if (a == 0) {
      value = b == 0 ? "=" : "new";
      css = b == 0 ? "vox-same" : "vox-worse";
    } else {
      double r = b / a;
      value = String.format(java.util.Locale.ROOT, "%.2f\u00d7", r);
      css = r < 1 - SAME ? "vox-better" : r > 1 + SAME ? "vox-worse" : "vox-same";
    }
    return Map.of("value", value, "css", css);
  }

  public boolean isFound() {
    return runA != null && runB != null;
  }

  /** Run A as a map: Faces reads no record components. */
  public Map<String, Object> getRunA() {
    return runA == null ? null : Rows.of(runA);
  }

  public Map<String, Object> getRunB() {
    return runB == null ? null : Rows.of(runB);
  }

  public List<Map<String, Object>> getActions() {
    return actions;
  }

  public List<Map<String, Object>> getRequests() {
    return requests;
  }

  public List<Map<String, Object>> getTrend() {
    return trend;
  }

  public List<String> getTrendActions() {
    return trendActions;
  }
}
