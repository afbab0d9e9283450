package io.vox.node.user;

import io.vox.messaging.Message;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.UserResult;
import io.vox.messaging.actor.ActorStats;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.UserSplit;
import io.vox.node.scenario.CompiledScenario;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The users of one run on this node: spawns them, counts their connects, fans out actions. Users
 * are numbered over the whole run, so ramp-up and arrival times are spread over the cluster, not
 * per node; {@link UserSplit} puts each in its group, the same on every node.
 */
final class RunUsers {
  private static final Logger LOG = Logger.getLogger(RunUsers.class.getName());
  private static final int LOGGED_FAILURES = 10;
  private final CompiledScenario scenario; // the first group's: what all groups share
  private final NodeSlice slice;
  private final long[] acting; // by action number: the run's users that take part in it
  private final UserSplit split;
  private final long runUsers;
  private final LaneFactory.Lanes lanes;
  private final ReportSink reports;
  private final EventSink events;
  private final Executor offLoop;
  private final Timer timer;
  private final Clock clock;
  private final UserActor[] users;
  private final Tracer tracer;
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger settled = new AtomicInteger(); // users whose connect ended
  private final AtomicInteger lastAction = new AtomicInteger();
  private final AtomicReference<String> firstConnectError = new AtomicReference<>();
  private final FailureLog failures;
  private final RateCap[] caps; // by action number; null where the action has no maxRps

  RunUsers(
      CompiledScenario[] groups,
      UserSplit split,
      NodeSlice slice,
      long runUsers,
      LaneFactory.Lanes lanes,
      ReportSink reports,
      EventSink events,
      Executor offLoop,
      Timer timer,
      Clock clock,
      int throughput,
      ActorStats stats,
      Tracer tracer) {
    this.tracer = tracer;
    this.scenario = groups[0];
    this.split = split;
    this.slice = slice;
    this.runUsers = runUsers;
    this.lanes = lanes;
    this.reports = reports;
    this.events = events;
    this.offLoop = offLoop;
    this.timer = timer;
    this.clock = clock;
    this.failures =
        new FailureLog(
            LOG,
            "run=" + scenario.runId() + " node=" + slice.nodeId(),
            LOGGED_FAILURES,
            scenario.masker());
    List<HttpLane> all = lanes.lanes();
    this.users = new UserActor[slice.users()];
    for (int i = 0; i < users.length; i++) {
      long u = slice.firstUser() + i;
      int group = split.groupOf(u);
      users[i] =
          new UserActor(
              u,
              group,
              split.rankOf(u),
              groups[group],
              this,
              all.get(i % all.size()),
              throughput,
              stats);
    }
    this.acting = new long[scenario.executions() + 1];
    this.actingGroups = new boolean[acting.length][];
    for (int k = 1; k < acting.length; k++) {
      actingGroups[k] = new boolean[groups.length];
      for (int g = 0; g < groups.length; g++) {
        actingGroups[k][g] = groups[g].steps(k).length > 0;
        acting[k] += actingGroups[k][g] ? split.count(g) : 0;
      }
    }
    this.caps = caps();
  }

  private final boolean[][] actingGroups; // by execution, which groups take part

  /**
   * The place of {@code user} among the users of execution {@code k} over the whole run, mixed over
   * user numbers (and so over the nodes): user stages bring users in in that order.
   */
  long stageRank(long user, int k) {
    return split.rankAmong(user, actingGroups[k]);
  }

  void connectAll() {
    if (users.length == 0) {
      sendReady();
      return;
    }
    int rampUpMs = scenario.rampUpMs();
    for (int i = 0; i < users.length; i++) {
      UserActor u = users[i];
      long delayMs = rampUpMs == 0 ? 0 : (slice.firstUser() + i) * rampUpMs / runUsers;
      if (delayMs == 0) {
        u.tell(UserActor.CONNECT);
      } else {
        timer.schedule(delayMs, () -> u.tell(UserActor.CONNECT));
      }
    }
  }

  /**
   * Tells every user to perform {@code action}, as of {@code commandedUs} (the master's command on
   * this node's clock, known within {@code clockErrorUs}; 0 or later than now: as of now), and
   * returns whether it did: a repeated or older action is ignored. While this node's users perform
   * it, the event loops' lateness counts for it, with the command's delivery.
   */
  boolean act(int action, long commandedUs, long clockErrorUs) {
    int last = lastAction.get();
    Action definition = scenario.definition(action);
    if (definition == null || action <= last || !lastAction.compareAndSet(last, action)) {
      return false;
    }
    long nowUs = nowUs();
    long startUs = commandedUs > 0 && commandedUs < nowUs ? commandedUs : nowUs;
    int here = 0;
    for (UserActor u : users) {
      here += u.actsIn(action) ? 1 : 0;
    }
    if (here > 0) {
      unreported.put(action, new java.util.concurrent.atomic.AtomicInteger(here));
      reports.acting(
          scenario.runId(), action, commandedUs > 0 ? nowUs - startUs : -1, clockErrorUs);
    }
    if (definition.arrivalRate() > 0) {
      arrive(action, definition, startUs, nowUs);
    } else {
      UserActor.Act msg = new UserActor.Act(action, startUs); // the intended start of every user
      for (UserActor u : users) {
        u.tell(msg);
      }
    }
    if (definition.maxDurationMs() > 0) {
      UserActor.Deadline deadline = new UserActor.Deadline(action, definition.maxDurationMs());
      timer.schedule(
          definition.maxDurationMs(),
          () -> {
            for (UserActor u : users) {
              u.tell(deadline);
            }
          });
    }
    return true;
  }

  /** Per action under way, how many of this node's users have not reported it yet. */
  private final java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> unreported =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Open model: user {@code u} of the run arrives at the u-th arrival of the rate's curve. When
   * groups sit the action out, the curve is stretched to its users: they are spread evenly over the
   * run's numbers, so they arrive at the rate (on average, and all of them in the time the rate
   * gives).
   */
  private void arrive(int action, Action definition, long startUs, long nowUs) {
    double stretch = (double) acting[action] / Math.max(1, runUsers);
    for (int i = 0; i < users.length; i++) {
      UserActor u = users[i];
      if (!u.actsIn(action)) {
        continue;
      }
      long offsetUs =
          definition.arrivalOffsetUs(
              Math.min(acting[action] - 1, (long) ((slice.firstUser() + i) * stretch)),
              acting[action]);
      UserActor.Act msg = new UserActor.Act(action, startUs + offsetUs);
      long waitUs = startUs + offsetUs - nowUs;
      if (waitUs < 1000) {
        u.tell(msg);
      } else {
        timer.schedule(waitUs / 1000, () -> u.tell(msg));
      }
    }
  }

  CompiledScenario scenario() {
    return scenario;
  }

  /** This node's share of action {@code k}'s maxRps, or null when it has none. */
  RateCap cap(int k) {
    return k > 0 && k < caps.length ? caps[k] : null;
  }

  /**
   * Each capped action's cap, shared out by the users that take part in it: this node sends its
   * users' share.
   */
  private RateCap[] caps() {
    RateCap[] caps = new RateCap[scenario.executions() + 1];
    for (int k = 1; k < caps.length; k++) {
      double maxRps = scenario.definition(k).maxRps();
      if (maxRps <= 0) {
        continue;
      }
      int k0 = k;
      long mine = java.util.Arrays.stream(users).filter(u -> u.actsIn(k0)).count();
      if (mine > 0) {
        caps[k] = new RateCap(maxRps * mine / Math.max(1, acting[k]));
      }
    }
    return caps;
  }

  /** Where users report each step, or null (no tracing). */
  Tracer tracer() {
    return tracer;
  }

  int size() {
    return users.length;
  }

  long nowUs() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  void report(UserResult result) {
    if (!closed) {
      UserResult r = scenario.masker().none() ? result : result.masked(scenario.masker());
      reports.report(
          scenario.runId(), split.groups() == 1 ? r : r.inGroup(split.groupOf(r.user())));
      java.util.concurrent.atomic.AtomicInteger left = unreported.get(result.action());
      if (left != null && left.decrementAndGet() == 0) {
        // no request of the action is under way here any more: later lateness delays none
        unreported.remove(result.action());
        reports.acted(scenario.runId(), result.action());
      }
    }
  }

  void sample(int action, long latencyUs, long correctedUs) {
    if (!closed) {
      reports.sample(scenario.runId(), action, latencyUs, correctedUs);
    }
  }

  void request(
      int action,
      int group,
      int step,
      long latencyUs,
      long correctedUs,
      boolean ok,
      HttpLane.Timings timings) {
    if (!closed) {
      reports.request(scenario.runId(), action, group, step, latencyUs, correctedUs, ok, timings);
    }
  }

  void phases(int action, HttpLane.Timings t) {
    if (closed) {
      return;
    }
    reports.phases(
        scenario.runId(), action, t.dnsUs(), t.connectUs(), t.tlsUs(), t.waitUs(), t.downloadUs());
  }

  void connectDone(boolean ok, String error) {
    if (closed) {
      return; // its run was stopped: nobody waits for it to be ready
    }
    if (!ok && error != null) {
      firstConnectError.compareAndSet(null, scenario.masker().apply(error));
    }
    (ok ? connected : failed).incrementAndGet();
    if (settled.incrementAndGet() == users.length) { // once, whichever user is last
      preconnect();
    }
  }

  /** How long this node waits for the connections it opens ahead before it says ready anyway. */
  static final long PRECONNECT_MAX_MS = 10_000;

  /**
   * Once every user has connected: each lane opens its connections to the target for the users
   * pinned to it, if the run asks for that, so that users who act at once find them open; then this
   * node reports ready. A connection that fails to open is left to the request that needs it, which
   * fails on its own with the reason.
   */
  private void preconnect() {
    java.util.concurrent.atomic.AtomicBoolean ready =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable sendReadyOnce =
        () -> {
          if (!closed && ready.compareAndSet(false, true)) {
            try {
              offLoop.execute(this::sendReady); // sending may block: never on an event loop
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
              LOG.fine("the node is stopping: no ready for run " + scenario.runId());
            }
          }
        };
    if (connected.get() == 0) {
      sendReadyOnce.run(); // no user will send a request
      return;
    }
    timer.schedule(PRECONNECT_MAX_MS, sendReadyOnce); // a target that drops packets
    List<HttpLane> all = lanes.lanes();
    AtomicInteger left = new AtomicInteger(all.size());
    AtomicReference<String> failure = new AtomicReference<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < all.size(); i++) {
      int pinned = users.length / all.size() + (i < users.length % all.size() ? 1 : 0);
      all.get(i)
          .preconnect(
              pinned,
              error -> {
                if (error != null) {
                  failure.compareAndSet(null, scenario.masker().apply(error));
                }
                if (left.decrementAndGet() == 0) {
                  if (failure.get() != null && !closed) {
                    LOG.warning(
                        () ->
                            "run="
                                + scenario.runId()
                                + " node="
                                + slice.nodeId()
                                + " could not open every connection ahead in "
                                + (System.nanoTime() - t0) / 1_000_000
                                + " ms: "
                                + failure.get());
                  }
                  sendReadyOnce.run();
                }
              });
    }
  }

  private void sendReady() {
    String error = firstConnectError.get();
    LOG.info(
        () ->
            "run="
                + scenario.runId()
                + " node="
                + slice.nodeId()
                + " ready: connected="
                + connected.get()
                + " failed="
                + failed.get()
                + (error == null ? "" : " first failure: " + error));
    events.send(
        new NodeReady(
            Message.SCHEMA_VERSION,
            scenario.runId(),
            slice.nodeId(),
            connected.get(),
            failed.get(),
            ""));
  }

  /**
   * Stops the users: nothing they report from now on is kept (a request cut short by closing its
   * connection failed because of the tool, not the system under test), then closes the lanes.
   */
  void close() {
    closed = true;
    lanes.close();
  }

  private volatile boolean closed;

  /** User {@code user} threw handling {@code message}: logged for the run's first few. */
  void actorFailed(long user, Object message, RuntimeException failure) {
    failures.failed(user, message, failure);
  }
}
