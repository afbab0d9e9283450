package io.vox.node.rest;

import io.vox.node.boot.NodeRuntime;
import io.vox.node.http.Tls;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /api/metrics}: this node's metrics in the Prometheus text format (version 0.0.4): the
 * users it holds, what its users reported since it started (results, errors, requests; rates are
 * Prometheus's {@code rate()}), batches waiting for the broker, and actor failures.
 */
@Path("metrics")
public class MetricsResource {
  @EJB NodeRuntime runtime;

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    var engine = runtime.engine();
    var batcher = runtime.batcher();
    String node = "{node=\"" + engine.nodeId().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    StringBuilder m = new StringBuilder(1024);
    sample(
        m,
        "vox_node_users",
        "gauge",
        "Users this node holds, over its runs.",
        node,
        engine.users());
    sample(
        m,
        "vox_node_results_total",
        "counter",
        "Results its users reported.",
        node,
        batcher.reported());
    sample(
        m,
        "vox_node_result_errors_total",
        "counter",
        "Results reported with an error.",
        node,
        batcher.errors());
    sample(
        m,
        "vox_node_requests_total",
        "counter",
        "Requests those results stand for.",
        node,
        batcher.requests());
    sample(
        m,
        "vox_node_request_failures_total",
        "counter",
        "Failed requests among them.",
        node,
        batcher.failedRequests());
    sample(
        m,
        "vox_node_results_sent_total",
        "counter",
        "Results the broker accepted.",
        node,
        batcher.sent());
    sample(
        m,
        "vox_node_unsent_batches",
        "gauge",
        "Report batches waiting for the broker.",
        node,
        batcher.unsentBatches());
    sample(
        m,
        "vox_node_unsent_results_in_memory",
        "gauge",
        "Results of unsent batches held on the heap (the rest wait in spill files).",
        node,
        batcher.unsentResultsInMemory());
    sample(
        m,
        "vox_node_spilled_batches_total",
        "counter",
        "Report batches written to spill files while the broker did not take them.",
        node,
        batcher.spilledBatches());
    sample(
        m,
        "vox_node_actor_failures_total",
        "counter",
        "Exceptions in user actors (each failed that user's action).",
        node,
        engine.stats().failures());
    sample(
        m,
        "vox_node_tls_info",
        "gauge",
        "The TLS implementation of this node's HTTP client (openssl or jdk).",
        node.substring(0, node.length() - 1) + ",provider=\"" + Tls.provider() + "\"}",
        1);
    var lag = runtime.loopLag();
    String name = "vox_node_event_loop_lag_seconds";
    m.append("# HELP ")
        .append(name)
        .append(" How late the event loops run a task due every 20 ms: when high, the latencies")
        .append(" measured meanwhile are partly this node's own.\n");
    m.append("# TYPE ").append(name).append(" histogram\n");
    long[] c = lag.cumulative();
    String inner = node.substring(1, node.length() - 1);
    for (int i = 0; i < c.length; i++) {
      m.append(name)
          .append("_bucket{")
          .append(inner)
          .append(",le=\"")
          .append(
              i < c.length - 1
                  ? java.math.BigDecimal.valueOf(io.vox.node.http.LoopLag.BOUNDS_US.get(i), 6)
                      .stripTrailingZeros()
                      .toPlainString()
                  : "+Inf")
          .append("\"} ")
          .append(c[i])
          .append('\n');
    }
    m.append(name).append("_sum").append(node).append(' ');
    m.append(String.format(java.util.Locale.ROOT, "%.6f", lag.sumSeconds())).append('\n');
    m.append(name).append("_count").append(node).append(' ').append(c[c.length - 1]).append('\n');
    double cpu = cpuSeconds();
    if (cpu >= 0) { // a counter is never negative: none where the JVM does not tell
      m.append("# HELP vox_node_cpu_seconds_total CPU time this node's process used.\n");
      m.append("# TYPE vox_node_cpu_seconds_total counter\n");
      m.append("vox_node_cpu_seconds_total").append(node).append(' ');
      m.append(String.format(java.util.Locale.ROOT, "%.3f", cpu)).append('\n');
    }
    return m.toString();
  }

  /** The process's CPU time, or -1 where the JVM does not tell. */
  private static double cpuSeconds() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return -1;
  }

  private static void sample(
      StringBuilder m, String name, String type, String help, String labels, long value) {
    m.append("# HELP ").append(name).append(' ').append(help).append('\n');
    m.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    m.append(name).append(labels).append(' ').append(value).append('\n');
  }
}
