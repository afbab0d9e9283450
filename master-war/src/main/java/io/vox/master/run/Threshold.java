package io.vox.master.run;

import java.util.List;

/**
 * A condition on a run's results, over the whole cluster: {@code metric} of the action named {@code
 * action} (all its executions), or of every action when {@code action} is null, must be below
 * {@code below}. With {@code request}, the metric is over the request steps of that name (their
 * label: a step's name, or its method and URL as written) in those actions, every group's.
 * Latencies are in ms, {@code errorPercent} in percent. With {@code abortOnFail} it is also checked
 * while the run goes on, from {@code delayMs} after the run started running, and ends the run when
 * it fails.
 */
public record Threshold(
    String metric, String action, double below, boolean abortOnFail, long delayMs, String request) {

  /** A threshold judged when the run completes. */
  public Threshold(String metric, String action, double below) {
    this(metric, action, below, false, 0, null);
  }

  public static final List<String> METRICS =
      List.of(
          "p50",
          "p90",
          "p95",
          "p99",
          "p999",
          "max",
          "mean",
          "correctedP99",
          "errors",
          "errorPercent");

  /** How the condition reads, e.g. {@code p99 of post < 250}. */
  public String describe() {
    return metric
        + (request == null ? "" : " of request " + request)
        + (action == null ? "" : (request == null ? " of " : " in ") + action)
        + " < "
        + format(below);
  }

  /** {@code v} without a trailing {@code .0} when it is whole. */
  public static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
