package io.vox.master.rest;

import io.vox.master.app.ReportService;
import io.vox.master.app.ResultService;
import io.vox.master.boot.MasterRuntime;
import io.vox.master.jms.CollectorStats;
import io.vox.master.jms.ReportQueue;
import io.vox.master.run.NodeRegistry;
import io.vox.master.security.LoginThrottle;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/metrics}: the master's metrics in the Prometheus text format (version 0.0.4):
 * runs per state, live nodes and the users each holds, what the collector stored since the master
 * started (rows, errors, requests; rates are Prometheus's {@code rate()}), the time it spent per
 * batch, and how far it is behind (age of the oldest batch waiting in the broker); failed and
 * throttled logins.
 */
@Path("metrics")
@RequestScoped
public class MetricsResource {
  @EJB MasterRuntime runtime;
  @Inject ReportService reports;
  @Inject CollectorStats collector;
  @Inject ResultService results;
  @Inject ReportQueue queue;
  @Inject LoginThrottle logins;
  @Inject io.vox.master.jms.LiveLatency latency;

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    long now = System.currentTimeMillis();
    StringBuilder m = new StringBuilder(2048);
    Map<String, Long> runs = reports.runsByState();
    help(m, "vox_runs", "gauge", "Runs in each state.");
    runs.forEach(
        (state, count) ->
            m.append("vox_runs{state=\"").append(state).append("\"} ").append(count).append('\n'));
    var live = runtime.nodes().live(now);
    help(m, "vox_nodes_live", "gauge", "Nodes with a heartbeat in the live window.");
    m.append("vox_nodes_live ").append(live.size()).append('\n');
    help(m, "vox_node_users", "gauge", "Users each live node holds, from its heartbeat.");
    for (NodeRegistry.NodeInfo n : live) {
      m.append("vox_node_users{node=\"")
          .append(label(n.nodeId()))
          .append("\"} ")
          .append(n.users())
          .append('\n');
    }
    counter(m, "vox_results_stored_total", "Result rows stored.", collector.rows());
    counter(
        m, "vox_result_errors_total", "Result rows stored with an error.", collector.errorRows());
    counter(
        m, "vox_requests_total", "Requests the stored results stand for.", collector.requests());
    counter(
        m, "vox_request_failures_total", "Failed requests among them.", collector.failedRequests());
    help(
        m,
        "vox_result_rows_written_total",
        "counter",
        "Result rows written, by statement: load (LOAD DATA LOCAL INFILE) or insert (the server"
            + " refused it); a rolled-back batch counts too.");
    m.append("vox_result_rows_written_total{method=\"load\"} ")
        .append(results.loadedRows())
        .append('\n');
    m.append("vox_result_rows_written_total{method=\"insert\"} ")
        .append(results.insertedRows())
        .append('\n');
    counter(m, "vox_batches_stored_total", "Report batches stored.", collector.batches());
    counter(
        m,
        "vox_batch_repeats_total",
        "Deliveries of a batch already stored, skipped.",
        collector.repeats());
    counter(
        m,
        "vox_batches_rejected_total",
        "Report batches moved to the DLQ as ones that cannot be true (an ended run, a stranger"
            + " node, users or actions not its own, a bad histogram).",
        collector.rejections());
    counter(
        m,
        "vox_batch_store_failures_total",
        "Deliveries of a batch whose storing failed (the broker delivers it again).",
        collector.failures());
    help(m, "vox_batch_store_seconds", "summary", "Time to store a report batch (a transaction).");
    m.append("vox_batch_store_seconds_sum ").append(num(collector.storeSeconds())).append('\n');
    m.append("vox_batch_store_seconds_count ").append(collector.batches()).append('\n');
    help(m, "vox_batch_store_seconds_max", "gauge", "Longest batch store so far.");
    m.append("vox_batch_store_seconds_max ").append(num(collector.maxStoreSeconds())).append('\n');
    help(
        m,
        "vox_report_lag_seconds",
        "gauge",
        "Age of the oldest report batch waiting in the broker; 0 when none waits, -1 unknown.");
    m.append("vox_report_lag_seconds ").append(num(queue.oldestAgeSeconds(now))).append('\n');
    counter(
        m, "vox_login_failures_total", "Logins with a wrong name or password.", logins.failures());
    counter(
        m,
        "vox_logins_throttled_total",
        "Login attempts refused unchecked, their user name being locked after failed logins.",
        logins.refusals());
    help(m, "vox_login_names_locked", "gauge", "User names locked now after failed logins.");
    m.append("vox_login_names_locked ").append(logins.locked()).append('\n');
    counter(
        m,
        "vox_login_throttle_evictions_total",
        "User names the login throttle forgot early to stay within its 10,000 names.",
        logins.evictions());
    latencies(m, now);
    return m.toString();
  }

  /**
   * The live latency histograms: per run and action name (its repeats merged), per request step
   * (with its group when the plan has groups), and the requests and failures of each step.
   */
  private void latencies(StringBuilder m, long now) {
    Map<String, Merged> actions = new java.util.TreeMap<>();
    Map<String, Merged> corrected = new java.util.TreeMap<>();
    Map<String, Merged> requests = new java.util.TreeMap<>();
    for (long run : latency.runs(now)) {
      try {
        runLatencies(run, actions, corrected, requests);
      } catch (RuntimeException e) { // one run's names must not cost the scrape its other metrics
        LOG.warning(() -> "live latency of run " + run + " left out: " + e);
      }
    }
    histogram(
        m,
        "vox_action_latency_seconds",
        "Latency of each action's successful results, per run (its repeats together), while the"
            + " run reports and for 30 minutes after.",
        actions);
    histogram(
        m,
        "vox_action_corrected_latency_seconds",
        "The same with each user's waits before its requests (coordinated omission corrected).",
        corrected);
    histogram(
        m,
        "vox_request_latency_seconds",
        "Latency of each request step's requests that passed, per run, action and step (at most "
            + MAX_REQUEST_SERIES
            + " steps a run).",
        requests);
    help(m, "vox_step_requests_total", "counter", "Requests of each request step, per run.");
    requests.forEach(
        (labels, r) ->
            m.append("vox_step_requests_total{")
                .append(labels)
                .append("} ")
                .append(r.requests)
                .append('\n'));
    help(m, "vox_step_request_failures_total", "counter", "Those that failed.");
    requests.forEach(
        (labels, r) ->
            m.append("vox_step_request_failures_total{")
                .append(labels)
                .append("} ")
                .append(r.failed)
                .append('\n'));
  }

  /**
   * Request series a run shows at most: a plan of many groups and steps must not flood a scrape.
   */
  static final int MAX_REQUEST_SERIES = 200;

  private void runLatencies(
      long run,
      Map<String, Merged> actions,
      Map<String, Merged> corrected,
      Map<String, Merged> requests) {
    io.vox.master.report.RequestStats.Names names = reports.stepNames(run);
    int[] stepSeries = {0};
    var all =
        new java.util.TreeMap<
            io.vox.master.jms.LiveLatency.Key, io.vox.master.jms.LiveLatency.Series>(
            java.util.Comparator.comparing(io.vox.master.jms.LiveLatency.Key::action)
                .thenComparing(io.vox.master.jms.LiveLatency.Key::group)
                .thenComparing(io.vox.master.jms.LiveLatency.Key::step)
                .thenComparing(io.vox.master.jms.LiveLatency.Key::corrected));
    all.putAll(latency.series(run));
    all.forEach(
        (key, series) -> {
          String labels = "run=\"" + run + "\",action=\"" + label(names.action(key.action()));
          if (key.step() < 0) {
            (key.corrected() ? corrected : actions)
                .computeIfAbsent(labels + "\"", k -> new Merged())
                .add(series);
            return;
          }
          String group = names.group(key.group());
          String step = names.step(key.action(), key.group(), key.step());
          String requestLabels =
              labels
                  + "\","
                  + (group == null ? "" : "group=\"" + label(group) + "\",")
                  + "request=\""
                  + label(step == null ? "step " + (key.step() + 1) : step)
                  + "\"";
          if (!requests.containsKey(requestLabels) && ++stepSeries[0] > MAX_REQUEST_SERIES) {
            return;
          }
          requests.computeIfAbsent(requestLabels, k -> new Merged()).add(series);
        });
  }

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(MetricsResource.class.getName());

  /** Series merged under one set of labels. */
  private static final class Merged {
    long[] cumulative = new long[io.vox.master.jms.LiveLatency.BOUNDS_US.size() + 1];
    double sumSeconds;
    long requests;
    long failed;

    void add(io.vox.master.jms.LiveLatency.Series s) {
      long[] c = s.cumulative();
      for (int i = 0; i < c.length; i++) {
        cumulative[i] += c[i];
      }
      sumSeconds += s.sumSeconds();
      requests += s.requests();
      failed += s.failed();
    }
  }

  private static void histogram(
      StringBuilder m, String name, String help, Map<String, Merged> all) {
    help(m, name, "histogram", help);
    List<Long> bounds = io.vox.master.jms.LiveLatency.BOUNDS_US;
    all.forEach(
        (labels, h) -> {
          for (int i = 0; i <= bounds.size(); i++) {
            m.append(name)
                .append("_bucket{")
                .append(labels)
                .append(",le=\"")
                .append(i < bounds.size() ? num(bounds.get(i) / 1e6) : "+Inf")
                .append("\"} ")
                .append(h.cumulative[i])
                .append('\n');
          }
          m.append(name).append("_sum{").append(labels).append("} ").append(num(h.sumSeconds));
          m.append('\n');
          m.append(name)
              .append("_count{")
              .append(labels)
              .append("} ")
              .append(h.cumulative[bounds.size()])
              .append('\n');
        });
  }

  private static void counter(StringBuilder m, String name, String help, long value) {
    help(m, name, "counter", help);
    m.append(name).append(' ').append(value).append('\n');
  }

  private static void help(StringBuilder m, String name, String type, String help) {
    m.append("# HELP ").append(name).append(' ').append(help).append('\n');
    m.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  /** A label value: backslash, quote and line feed escaped, as the format asks. */
  static String label(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
