package io.vox.master.run;

import java.util.List;

/** The figures thresholds are evaluated on, over the whole cluster's results. */
public interface ResultMetrics {
  /**
   * The results of {@code actions} (1-based numbers) merged: counts, and latencies in ms of the
   * successful ones (null when none succeeded).
   */
  Figures figures(long runId, List<Integer> actions);

  /**
   * The request steps {@code steps} (each {@code {action, group, step}}) merged: how many ended,
   * how many failed, and latencies in ms of those that passed (null when none did).
   */
  Figures requestFigures(long runId, List<int[]> steps);

  /** Merged figures of some actions. */
  record Figures(
      long count,
      long errors,
      Double p50,
      Double p90,
      Double p95,
      Double p99,
      Double p999,
      Double max,
      Double mean,
      Double correctedP99) {
    /** The value of threshold metric {@code metric}, or null when there is no data for it. */
    public Double metric(String metric) {
      return switch (metric) {
        case "p50" -> p50;
        case "p90" -> p90;
        case "p95" -> p95;
        case "p99" -> p99;
        case "p999" -> p999;
        case "max" -> max;
        case "mean" -> mean;
        case "correctedP99" -> correctedP99;
        case "errors" -> (double) errors;
        case "errorPercent" -> count == 0 ? null : 100.0 * errors / count;
        default -> throw new IllegalArgumentException("unknown metric " + metric);
      };
    }
  }

  /**
   * Evaluates {@code plan}'s thresholds on run {@code runId}: each action threshold over every
   * execution of the action of that name, the others over all actions. A threshold without data
   * (e.g. a latency when every request failed) fails.
   */
  static List<ThresholdResult> evaluate(ResultMetrics metrics, long runId, RunPlan plan) {
    return plan.thresholds().stream().map(t -> evaluate(metrics, runId, plan, t)).toList();
  }

  /** Evaluates threshold {@code t} of {@code plan} on run {@code runId}'s results so far. */
  static ThresholdResult evaluate(ResultMetrics metrics, long runId, RunPlan plan, Threshold t) {
    List<Integer> actions = new java.util.ArrayList<>();
    for (int k = 1; k <= plan.actions(); k++) {
      int i = plan.scenario().actionIndexOf(k);
      String name = plan.scenario().actions().get(i).name();
      if (t.action() == null || t.action().equals(name)) {
        actions.add(k);
      }
    }
    Figures figures =
        t.request() == null
            ? metrics.figures(runId, actions)
            : metrics.requestFigures(runId, steps(plan, actions, t.request()));
    Double actual = figures.metric(t.metric());
    return new ThresholdResult(t.describe(), actual, actual != null && actual < t.below());
  }

  /** The request steps labelled {@code request} in {@code actions}, of every group. */
  static List<int[]> steps(RunPlan plan, List<Integer> actions, String request) {
    var s = plan.scenario();
    List<io.vox.messaging.scenario.Scenario> views = s.views();
    List<int[]> steps = new java.util.ArrayList<>();
    for (int k : actions) {
      int i = s.actionIndexOf(k);
      for (int g = 0; g < views.size(); g++) {
        var own = io.vox.messaging.scenario.Program.of(views.get(g).actions().get(i).steps());
        for (var r : own.requests().entrySet()) {
          if (r.getValue().label().equals(request)) {
            steps.add(new int[] {k, g, r.getKey()});
          }
        }
      }
    }
    return steps;
  }
}
