package io.vox.node.trial;

import io.vox.messaging.Message;
import io.vox.messaging.NodeEvent;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Program;
import io.vox.messaging.scenario.Scenario;
import io.vox.node.http.NettyLanes;
import io.vox.node.http.Transport;
import io.vox.node.http.WheelTimer;
import io.vox.node.user.NodeEngine;
import io.vox.node.user.ReportBatcher;
import io.vox.node.user.Tracer;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A plan run in this process by the node's own engine (one event loop), its results collected here:
 * what {@code vox try} and the plan editor's Try button run. Nothing goes through a broker or a
 * database.
 */
public final class LocalRun implements AutoCloseable {
  private static final int V = Message.SCHEMA_VERSION;
  private static final long RUN = 1;
  private final String target;
  private final int requestTimeoutMs;
  private final long maxDurationMs;
  private final Scenario scenario;
  private final java.util.Map<String, String> params;
  private final long capMs;
  private final int users;
  private final NettyLanes lanes;
  private final WheelTimer timer;
  private final NodeEngine engine;
  private final ReportBatcher batcher;
  private final BlockingQueue<NodeEvent> events = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<ReportBatch> batches = new ConcurrentLinkedQueue<>();

  /**
   * The plan's {@code target}, {@code requestTimeoutMs}, {@code maxDurationMs} and {@code scenario}
   * with its secret {@code params}, for {@code users} users whose requests go to {@code tracer}; a
   * phase (the connect steps, an action) gives up after its own limit, and the whole trial after
   * {@code capMs}. Threads come from {@code threads}.
   */
  public LocalRun(
      String target,
      int requestTimeoutMs,
      long maxDurationMs,
      Scenario scenario,
      java.util.Map<String, String> params,
      int users,
      Tracer tracer,
      ThreadFactory threads,
      long capMs) {
    this.target = target;
    this.requestTimeoutMs = requestTimeoutMs;
    this.maxDurationMs = maxDurationMs;
    Scenario s = scenario.forUsers(users);
    // a trace shows each connection with the request that opened it, as its author expects
    this.scenario =
        new Scenario(
            s.connect(),
            s.actions(),
            s.feeders(),
            s.rampUpMs(),
            s.connections(),
            s.http().withPreconnect(false),
            s.groups());
    this.params = params;
    this.users = users;
    this.capMs = capMs;
    this.lanes = new NettyLanes(1, threads, Math.max(users, 4), Transport.choose("auto"));
    this.timer = new WheelTimer(threads);
    this.batcher = new ReportBatcher("try", 1000, batches::add);
    this.engine =
        new NodeEngine(
            "try", lanes, batcher, events::add, Runnable::run, timer, Clock.systemUTC(), 32);
    engine.trace(tracer);
  }

  /**
   * Connects the users, then runs each action (or only {@code only}, by name) for all of them;
   * prints a line per action. True when every user connected and every result passed.
   */
  public boolean run(String only, PrintStream out) throws InterruptedException {
    List<Integer> chosen = new ArrayList<>();
    int executions = scenario.executions();
    for (int k = 1; k <= executions; k++) {
      String name = name(k);
      if (only == null || name.equals(only) || name.startsWith(only + "#")) {
        chosen.add(k);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          "no action named " + only + "; the plan's actions: " + names());
    }
    engine.handle(
        new StartRun(
            V,
            RUN,
            target,
            requestTimeoutMs,
            scenario,
            List.of(new NodeSlice("try", 0, users)),
            params));
    long start = System.nanoTime();
    long end = capMs >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE : start + capMs * 1_000_000;
    long deadline = Math.min(end, start + TimeUnit.MILLISECONDS.toNanos(limitMs()));
    NodeReady ready = null;
    while (ready == null && System.nanoTime() < deadline) {
      NodeEvent e = events.poll(1, TimeUnit.SECONDS);
      ready = e instanceof NodeReady r ? r : null;
    }
    out.println();
    if (ready == null) {
      out.println(
          "connect: no answer within "
              + (System.nanoTime() - start) / 1_000_000_000
              + " s;"
              + " giving up");
      return false;
    }
    out.println("connect: " + ready.connected() + " of " + users + " users connected");
    if (ready.connected() == 0) {
      out.println("no user connected: the actions are skipped");
      return false;
    }
    boolean passed = ready.failed() == 0;
    for (int k : chosen) {
      engine.handle(new RunAction(V, RUN, k, 0));
      List<UserResult> results =
          await(k, Math.min(end, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs())));
      if (results == null) {
        out.println(
            "action "
                + k
                + " ("
                + name(k)
                + "): no answer "
                + (System.nanoTime() - start) / 1_000_000_000
                + " s into the trial; giving up");
        return false;
      }
      long ok = results.stream().filter(UserResult::ok).count();
      long acting = scenario.actingUsers(users, k);
      passed &= ok == acting;
      out.println(
          "action "
              + k
              + " ("
              + name(k)
              + "): "
              + ok
              + " of "
              + acting
              + " users passed"
              + (acting < users ? " (the others' groups sit it out)" : "")
              + results.stream()
                  .filter(r -> !r.ok())
                  .findFirst()
                  .map(r -> "; user " + r.user() + ": " + r.error())
                  .orElse(""));
    }
    return passed;
  }

  private String name(int k) {
    Action a = scenario.actions().get(scenario.actionIndexOf(k));
    return a.name();
  }

  private List<String> names() {
    return scenario.actions().stream().map(Action::name).distinct().toList();
  }

  /**
   * How long a phase may take before {@code vox try} gives up: the plan's maxDurationMs, else every
   * request of the longest action timing out in turn, and at least a minute.
   */
  private long limitMs() {
    if (maxDurationMs > 0) {
      return maxDurationMs;
    }
    long longest = 0;
    for (Scenario view : scenario.views()) {
      longest = Math.max(longest, Program.longestMs(view.connect(), requestTimeoutMs));
      for (Action a : view.actions()) {
        longest = Math.max(longest, Program.longestMs(a.steps(), requestTimeoutMs) + a.loopMs());
      }
    }
    // each request may follow 10 redirects, each hop bounded by the request timeout
    return Math.max(60_000L, Math.min(11 * longest, 7L * 86_400_000));
  }

  /** The results of action {@code k} once every user reported it, or null at the deadline. */
  private List<UserResult> await(int k, long deadline) throws InterruptedException {
    while (System.nanoTime() < deadline) {
      batcher.flush();
      List<UserResult> mine = new ArrayList<>();
      for (ReportBatch b : batches) {
        for (UserResult r : b.results()) {
          if (r.action() == k) {
            mine.add(r);
          }
        }
      }
      if (mine.size() >= scenario.actingUsers(users, k)) {
        return mine;
      }
      Thread.sleep(20);
    }
    return null;
  }

  @Override
  public void close() {
    engine.close();
    timer.close();
    lanes.close();
  }
}
