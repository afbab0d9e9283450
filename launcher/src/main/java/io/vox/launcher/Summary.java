package io.vox.launcher;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintStream;

/** Prints the per-action summary table of a finished run. */
final class Summary {
  private final MasterClient client;
  private final PrintStream out;

  Summary(MasterClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  void print(JsonObject run, long rows) throws IOException, InterruptedException {
    long id = run.getJsonNumber("id").longValue();
    out.println();
    out.printf(
        "Run %d %s: %d users, %d connected, %d failed to connect%n",
        id,
        run.getString("state"),
        run.getInt("users"),
        run.getInt("connected"),
        run.getInt("connectFailed"));
    out.printf(
        "%-7s %9s %7s %9s %9s %9s %9s %9s %10s %10s %9s%n",
        "action",
        "results",
        "errors",
        "min ms",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "cp99 ms*",
        "skew99 ms+",
        "took s");
    java.util.List<JsonObject> summaries = new java.util.ArrayList<>();
    for (JsonValue v : run.getJsonArray("actionProgress")) {
      JsonObject p = v.asJsonObject();
      int k = p.getInt("action");
      JsonObject a = client.get("api/runs/" + id + "/actions/" + k);
      summaries.add(a);
      long took =
          p.getJsonNumber("completedAtMs").longValue()
              - p.getJsonNumber("dispatchedAtMs").longValue();
      out.printf(
          "%-7d %9d %7d %9s %9s %9s %9s %9s %10s %10s %9s%n",
          k,
          a.getJsonNumber("count").longValue(),
          a.getJsonNumber("errors").longValue(),
          Progress.ms(a, "minMs"),
          Progress.ms(a, "p50Ms"),
          Progress.ms(a, "p95Ms"),
          Progress.ms(a, "p99Ms"),
          Progress.ms(a, "maxMs"),
          Progress.ms(a, "correctedP99Ms"),
          Progress.ms(a, "dispatchP99Ms"),
          took > 0 ? String.format("%.2f", took / 1000.0) : "-");
    }
    out.println(
        "* cp99: p99 of the latency plus the user's waits for a connection: from its intended"
            + " start (the master's command, on its node's clock, plus any think time before it) to its first request, and before each later"
            + " request (coordinated omission corrected).");
    out.println(
        "+ skew99: p99 of each user's delay from its intended start to its first request (the"
            + " nodes' dispatch skew).");
    saturated(summaries);
    nodeSkew(id);
    requests(id);
    phases(summaries);
    out.printf("Result rows stored in MySQL for run %d: %d%n%n", id, rows);
  }

  /**
   * A warning per action whose generator was the bottleneck: a node's event loops ran late, so its
   * latencies are partly Vox's own.
   */
  private void saturated(java.util.List<JsonObject> summaries) {
    for (JsonObject a : summaries) {
      if (a.getBoolean("generatorSaturated", false)) {
        out.printf(
            "! action %d: generator saturated: the event loops of node %s ran %s ms late (p99);"
                + " its latencies are partly Vox's own: add nodes or lighten the checks%n",
            a.getInt("action"), a.getString("loopLagNode", "?"), Progress.ms(a, "loopLagP99Ms"));
      }
    }
  }

  /**
   * Each node's skew per action, from the master's command on the node's clock, with how long the
   * command took to reach it and how well the node knew its clock's offset to the master's.
   */
  private void nodeSkew(long id) throws IOException, InterruptedException {
    java.util.List<JsonObject> entries =
        client.get("api/runs/" + id + "/skew").getJsonArray("nodes").stream()
            .map(JsonValue::asJsonObject)
            .toList();
    if (entries.isEmpty()) {
      return;
    }
    for (JsonObject n : client.nodes()) {
      if (n.getJsonNumber("clockErrorMs").longValue() >= 0) {
        long offset = n.getJsonNumber("clockOffsetMs").longValue();
        out.printf(
            "Node %s: its clock is %d ms %s the master's (within %d ms)%n",
            n.getString("nodeId"),
            Math.abs(offset),
            offset >= 0 ? "behind" : "ahead of",
            n.getJsonNumber("clockErrorMs").longValue());
      }
    }
    out.printf(
        "%nDispatch skew per node, from the master's command to each user's first request%n"
            + "%-7s %-16s %7s %9s %9s %9s %11s %10s%n",
        "action", "node", "users", "p50 ms", "p99 ms", "max ms", "delivery ms", "clock ± ms");
    for (JsonObject e : entries) {
      out.printf(
          "%-7d %-16s %7d %9s %9s %9s %11s %10s%n",
          e.getInt("action"),
          e.getString("nodeId"),
          e.getJsonNumber("users").longValue(),
          Progress.ms(e, "p50Ms"),
          Progress.ms(e, "p99Ms"),
          Progress.ms(e, "maxMs"),
          Progress.ms(e, "deliveryMs"),
          Progress.ms(e, "clockErrorMs"));
    }
  }

  /** Each request step's figures, per action (and group), like Gatling's global table. */
  private void requests(long id) throws IOException, InterruptedException {
    java.util.List<JsonObject> entries =
        client.get("api/runs/" + id + "/requests").getJsonArray("requests").stream()
            .map(JsonValue::asJsonObject)
            .toList();
    if (entries.isEmpty()) {
      return;
    }
    boolean grouped = entries.stream().anyMatch(e -> group(e) != null);
    out.printf(
        "%nRequests%n%-7s %-"
            + (grouped ? "12s %-" : "")
            + "32s %9s %7s %9s %9s %9s %9s %9s %9s %9s%n",
        grouped
            ? new Object[] {
              "action", "group", "request", "count", "errors", "p50 ms", "p95 ms", "p99 ms",
              "max ms", "cp99 ms", "ttfb ms", "KiB/req"
            }
            : new Object[] {
              "action", "request", "count", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms",
              "cp99 ms", "ttfb ms", "KiB/req"
            });
    for (JsonObject e : entries) {
      java.util.List<Object> cells = new java.util.ArrayList<>();
      cells.add(e.getInt("action"));
      if (grouped) {
        cells.add(cut(group(e) == null ? "" : group(e), 12));
      }
      cells.add(cut(e.getString("name"), 32));
      cells.add(e.getJsonNumber("count").longValue());
      cells.add(e.getJsonNumber("errors").longValue());
      for (String f :
          new String[] {"p50Ms", "p95Ms", "p99Ms", "maxMs", "correctedP99Ms", "waitMs"}) {
        cells.add(Progress.ms(e, f));
      }
      cells.add(
          e.get("answered") instanceof jakarta.json.JsonNumber answered
                  && e.get("bytes") instanceof jakarta.json.JsonNumber bytes
              ? String.format(
                  java.util.Locale.ROOT, "%.1f", bytes.longValue() / 1024.0 / answered.longValue())
              : "-");
      out.printf(
          "%-7d %-" + (grouped ? "12s %-" : "") + "32s %9d %7d %9s %9s %9s %9s %9s %9s %9s%n",
          cells.toArray());
    }
  }

  /** The entry's group; null in a run without groups (the field is left out). */
  private static String group(JsonObject e) {
    return e.get("group") instanceof jakarta.json.JsonString s ? s.getString() : null;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Where the HTTP requests spent their time, per action; nothing when none was timed. */
  private void phases(java.util.List<JsonObject> summaries) {
    boolean header = false;
    for (JsonObject a : summaries) {
      if (!a.containsKey("phases") || a.isNull("phases")) {
        continue;
      }
      for (JsonValue v : a.getJsonArray("phases")) {
        JsonObject p = v.asJsonObject();
        if (!header) {
          out.printf(
              "%nRequest timings%n%-7s %-9s %9s %9s %9s %9s %9s %9s%n",
              "action", "phase", "requests", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms");
          header = true;
        }
        out.printf(
            "%-7d %-9s %9d %9s %9s %9s %9s %9s%n",
            a.getInt("action"),
            p.getString("name"),
            p.getJsonNumber("count").longValue(),
            Progress.ms(p, "meanMs"),
            Progress.ms(p, "p50Ms"),
            Progress.ms(p, "p95Ms"),
            Progress.ms(p, "p99Ms"),
            Progress.ms(p, "maxMs"));
      }
    }
    if (header) {
      out.println(
          "dns, connect, tls: requests that opened a connection; wait: write to first byte;"
              + " download: first byte to last.");
    }
  }
}
