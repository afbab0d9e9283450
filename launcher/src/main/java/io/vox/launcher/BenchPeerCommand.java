package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vox bench-peer W1|W2|W3|W4}: the Vox side of the peer benchmark (bench/harness): starts a
 * fresh local stack (broker, database, master, one node), runs the workload as a plan against
 * {@code --target}, and prints one {@code VOX_SUMMARY} line with the requests, latencies, the CPU
 * seconds and peak RSS of the master and node processes from submitting the plan to the run's end,
 * and the node's transport and TLS implementation. W3 and W4 are W1's plan against an {@code https}
 * target (HTTP/1.1, its CA from {@code --ca-file}); W4's target closes every connection after its
 * response, so each request opens a new one.
 */
@Command(
    name = "bench-peer",
    mixinStandardHelpOptions = true,
    description = "Run the peer harness's W1, W2, W3 or W4 workload with Vox against a target.")
public final class BenchPeerCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WORKLOAD", description = "W1, W2, W3 or W4.")
  String workload;

  @Option(
      names = "--target",
      required = true,
      description = "e.g. http://127.0.0.1:18200, https://127.0.0.1:18201")
  String target;

  @Option(
      names = "--ca-file",
      description = "PEM of the CA that signed an https target's certificate (plan tls.ca).")
  Path caFile;

  @Option(
      names = "--tls-groups",
      split = ",",
      description =
          "Key exchanges offered over https (plan tls.namedGroups), e.g. X25519,P-256; the node's"
              + " default when left out.")
  java.util.List<String> tlsGroups;

  @Option(names = "--path", defaultValue = "/api/ping")
  String path;

  @Option(names = "--users", required = true)
  int users;

  @Option(names = "--secs", required = true)
  int secs;

  @Option(names = "--think-ms", defaultValue = "0")
  int thinkMs;

  @Option(
      names = "--connections",
      defaultValue = "0",
      description = "Keep-alive connections of the node (default: one per user up to 256).")
  int connections;

  @Option(names = "--event-loops", defaultValue = "1")
  int eventLoops;

  @Option(
      names = "--max-rps",
      defaultValue = "0",
      description = "The action's maxRps (0: none), for bench/ratecap.")
  double maxRps;

  @Option(names = "--dist", hidden = true, defaultValue = "${sys:vox.dist:-launcher/target/dist}")
  Path dist;

  @Option(names = "--work", hidden = true, defaultValue = "${sys:vox.work:-.vox/bench-peer}")
  Path work;

  @Option(names = "--base-port", defaultValue = "18080")
  int basePort;

  private final PrintStream out = System.out;

  /**
   * The workload as a plan: users loop over a GET (and a think time) for the duration. Over https,
   * HTTP/1.1 as every peer speaks it, and the certificate checked against {@code caPem}.
   */
  String plan(String caPem) {
    String think = thinkMs > 0 ? ", {\"think\": {\"ms\": " + thinkMs + "}}" : "";
    // W2's users arrive over 1 s, as the peers ramp them; W1's all at once
    String arrival =
        (thinkMs > 0 ? ", \"arrivalRate\": " + users : "")
            + (maxRps > 0 ? ", \"maxRps\": " + maxRps : "");
    String groups =
        tlsGroups == null || tlsGroups.isEmpty()
            ? ""
            : ", \"namedGroups\": " + Json.createArrayBuilder(tlsGroups).build();
    String tls =
        caPem == null
            ? ""
            : ", \"http\": \"1.1\", \"tls\": {\"ca\": " + Json.createValue(caPem) + groups + "}";
    // each user opens its connection with its first request, as the peers' users do
    return """
        {"name": "%s", "target": "%s", "users": %d, "requestTimeoutMs": 10000%s,
         "preconnect": false,
         "actions": [{"name": "ping", "loop": {"durationMs": %d}%s,
                      "steps": [{"request": {"url": "%s"}}%s]}]}
        """
        .formatted(workload, target, users, tls, secs * 1000, arrival, path, think);
  }

  @Override
  public Integer call() throws Exception {
    if (!workload.matches("W[1-4]") || users < 1 || secs < 1) {
      out.println("WORKLOAD must be W1, W2, W3 or W4, --users and --secs at least 1");
      return ExitCodes.ERROR;
    }
    String caPem = caFile == null ? null : Files.readString(caFile);
    int busy = LocalStack.busyPort(basePort);
    if (busy > 0) {
      out.println("Port " + busy + " on 127.0.0.1 is in use.");
      return ExitCodes.BUSY;
    }
    Deque<AutoCloseable> started = LocalStack.registry();
    Thread hook = new Thread(() -> LocalStack.stop(started, out), "vox-bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      int conns = connections > 0 ? connections : Math.min(users, 256);
      LocalStack stack =
          LocalStack.start(
              dist,
              work,
              basePort,
              true,
              started,
              Map.of(
                  "vox.node.id", "node-1",
                  "vox.node.event-loops", Integer.toString(eventLoops),
                  "vox.http.connections", Integer.toString(conns)));
      MasterClient client = stack.client();
      while (client.liveNodes() < 1) {
        Thread.sleep(200);
      }
      long[] cpu0 = {cpuTicks(stack.master.pid()), cpuTicks(stack.node.pid())};
      long self0 = cpuTicks(ProcessHandle.current().pid());
      long t0 = System.nanoTime();
      long id = client.submit(plan(caPem));
      JsonObject run;
      do {
        Thread.sleep(1000); // as `vox run` follows a run: the master's REST work counts too
        run = client.get("api/runs/" + id);
      } while (run.getString("state").matches("CREATED|CONNECTING|RUNNING"));
      double wall = (System.nanoTime() - t0) / 1e9;
      long masterTicks = cpuTicks(stack.master.pid()) - cpu0[0];
      long nodeTicks = cpuTicks(stack.node.pid()) - cpu0[1];
      long selfTicks = cpuTicks(ProcessHandle.current().pid()) - self0;
      JsonObject action = client.get("api/runs/" + id + "/actions/1");
      JsonObject progress = run.getJsonArray("actionProgress").getJsonObject(0);
      long durationMs =
          progress.getJsonNumber("completedAtMs").longValue()
              - progress.getJsonNumber("dispatchedAtMs").longValue();
      long rssKb = (stack.master.peakRssMib() + stack.node.peakRssMib()) * 1024;
      String lanes = lanesLine(stack.node.log());
      out.printf(
          "VOX_SUMMARY state=%s requests=%d failures=%d duration_ms=%d mean_ms=%s p99_ms=%s"
              + " cpu_s=%.2f master_cpu_s=%.2f node_cpu_s=%.2f rss_kb=%d node_rss_mb=%d"
              + " master_rss_mb=%d wall_s=%.2f broker_db_cpu_s=%.2f node_transport=%s"
              + " node_tls=%s top_error=%s%n",
          run.getString("state"),
          action.getJsonNumber("requests").longValue(),
          action.getJsonNumber("failures").longValue(),
          durationMs,
          number(action, "meanMs"),
          number(action, "p99Ms"),
          (masterTicks + nodeTicks) / TICKS,
          masterTicks / TICKS,
          nodeTicks / TICKS,
          rssKb,
          stack.node.peakRssMib(),
          stack.master.peakRssMib(),
          wall,
          selfTicks / TICKS,
          field(lanes, "transport"),
          field(lanes, "tls"),
          topError(client, id));
      return "COMPLETED".equals(run.getString("state")) ? ExitCodes.PASSED : ExitCodes.FAILED;
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      LocalStack.stop(started, out);
    }
  }

  private static String number(JsonObject o, String field) {
    return o.containsKey(field) && !o.isNull(field) ? o.get(field).toString() : "nan";
  }

  /** The node's log line of its event loops ("... transport=io_uring ... tls=openssl"), or "". */
  static String lanesLine(Path nodeLog) throws IOException {
    String found = "";
    for (String line : Files.readAllLines(nodeLog)) {
      if (line.contains("event loops=")) {
        found = line;
      }
    }
    return found;
  }

  /** The value of {@code name=} in {@code line}, or "unknown". */
  static String field(String line, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=([\\w.-]+)").matcher(line);
    return m.find() ? m.group(1) : "unknown";
  }

  /**
   * The commonest error of run {@code id} and its count ("none" without one), spaces as
   * underscores: the summary is one line of fields.
   */
  private static String topError(MasterClient client, long id)
      throws IOException, InterruptedException {
    var groups = client.get("api/runs/" + id + "/errors?limit=1").getJsonArray("groups");
    if (groups == null || groups.isEmpty()) {
      return "none";
    }
    JsonObject top = groups.getJsonObject(0);
    return (top.getJsonNumber("count") + "x_" + top.getString("key")).replaceAll("\\s+", "_");
  }

  /** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  /** User plus system CPU of process {@code pid} so far, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }
}
