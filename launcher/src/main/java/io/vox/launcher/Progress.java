package io.vox.launcher;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

/** Follows a run through the master's REST API, printing one progress line per second. */
final class Progress {
  static final Set<String> ACTIVE = Set.of("CREATED", "CONNECTING", "RUNNING");
  private static final long MAX_MS = 60 * 60 * 1000;
  private final MasterClient client;
  private final long runId;
  private final PrintStream out;
  private final long t0;
  // the previous line's figures of the current action, for its rates and ETA
  private int lastAction;
  private long lastNanos;
  private long lastCount;
  private long lastRequests;

  Progress(MasterClient client, long runId, PrintStream out, long t0) {
    this.client = client;
    this.runId = runId;
    this.out = out;
    this.t0 = t0;
  }

  /** Prints progress until the run is no longer active; returns its final state. */
  JsonObject follow() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + MAX_MS;
    while (true) {
      JsonObject run = client.get("api/runs/" + runId);
      String state = run.getString("state");
      out.println(line(run, state));
      if (!ACTIVE.contains(state)) {
        return run;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("run " + runId + " still " + state + " after an hour");
      }
      Thread.sleep(1000);
    }
  }

  private String line(JsonObject run, String state) throws IOException, InterruptedException {
    int users = run.getInt("users");
    StringBuilder b =
        new StringBuilder(String.format("[%6.1fs] %-10s", DemoCommand.seconds(t0), state));
    int ready = 0;
    for (JsonValue n : run.getJsonArray("nodes")) {
      if (n.asJsonObject().getBoolean("ready")) {
        ready++;
      }
    }
    b.append(String.format(" nodes ready %d/%d", ready, run.getJsonArray("nodes").size()));
    if (!state.equals("CREATED") && !state.equals("CONNECTING")) {
      b.append(String.format("  connected %d/%d", run.getInt("connected"), users));
    }
    int k = run.getInt("currentAction");
    if (k > 0) {
      JsonObject a = client.get("api/runs/" + runId + "/actions/" + k);
      users = actingUsers(run, k, users);
      b.append(
          String.format(
              "  action %d/%d %s %d/%d done, %d errors, p50 %s ms, p99 %s ms",
              k,
              run.getInt("actions"),
              bar(a.getJsonNumber("count").longValue(), users),
              a.getJsonNumber("count").longValue(),
              users,
              a.getJsonNumber("errors").longValue(),
              ms(a, "p50Ms"),
              ms(a, "p99Ms")));
      b.append(rates(k, a.getJsonNumber("count").longValue(), requests(a), users));
    }
    if (run.containsKey("error")) {
      b.append("  error: ").append(run.getString("error"));
    }
    return b.toString();
  }

  /**
   * HTTP requests of the action (every step, hop and iteration); request sequences from an older
   * master.
   */
  private static long requests(JsonObject action) {
    if (action.get("httpRequests") instanceof JsonNumber n && n.longValue() > 0) {
      return n.longValue();
    }
    return action.get("requests") instanceof JsonNumber n ? n.longValue() : 0;
  }

  /**
   * Requests per second since the previous line, and the action's ETA at the rate its results came
   * in meanwhile ("" on an action's first line, or once it is done).
   */
  /**
   * The users that take part in action {@code k} (groups may sit it out); {@code all} if unsaid.
   */
  private static int actingUsers(JsonObject run, int k, int all) {
    for (JsonValue v : run.getJsonArray("actionProgress")) {
      JsonObject p = v.asJsonObject();
      if (p.getInt("action") == k && p.containsKey("users") && p.getInt("users") > 0) {
        return p.getInt("users");
      }
    }
    return all;
  }

  private String rates(int action, long count, long requests, int users) {
    long now = System.nanoTime();
    String s = "";
    if (action == lastAction && now > lastNanos) {
      double secs = (now - lastNanos) / 1e9;
      double perSecond = (count - lastCount) / secs;
      s = String.format(", %,.0f req/s", (requests - lastRequests) / secs);
      if (count < users && perSecond > 0) {
        s += String.format(", ETA %.0f s", (users - count) / perSecond);
      }
    }
    lastAction = action;
    lastNanos = now;
    lastCount = count;
    lastRequests = requests;
    return s;
  }

  /** A 20-character bar of {@code done} out of {@code total}: {@code [#####---------------]}. */
  static String bar(long done, long total) {
    int filled = total <= 0 ? 0 : (int) Math.min(20, done * 20 / total);
    return "[" + "#".repeat(filled) + "-".repeat(20 - filled) + "]";
  }

  static String ms(JsonObject o, String field) {
    return o.get(field) instanceof JsonNumber n ? String.format("%.2f", n.doubleValue()) : "-";
  }
}
