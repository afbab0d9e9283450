package io.vox.master.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.ControlMessage;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Group;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.persistence.RunState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCoordinatorTest {
  /** A run store in memory, enough to drive the coordinator's decisions. */
  static final class MemoryStore implements RunStore {
    RunState state = RunState.CREATED;
    int action;
    List<NodeSlice> slices = List.of();
    int ready;
    final Map<Integer, Long> reported = new HashMap<>();
    String error;
    final java.util.Set<String> lost = new java.util.TreeSet<>();
    final java.util.Set<String> storedBatches = new java.util.HashSet<>();
    final List<String> lostResults = new ArrayList<>();
    final List<io.vox.messaging.scenario.UserSplit.Members> lostActing = new ArrayList<>();
    long lastControlMs;
    boolean abortRequested;
    boolean stopRequested;
    long startedAtMs;
    long readyAtMs;
    final Map<Integer, Long> completedAtMs = new HashMap<>();
    final Map<Integer, Long> dispatchedAtMs = new HashMap<>();
    final Map<Integer, Long> lastReportAtMs = new HashMap<>();
    boolean nextRequested;
    Boolean passed;
    List<ThresholdResult> verdict;
    final RunPlan plan;

    MemoryStore(RunPlan plan) {
      this.plan = plan;
    }

    @Override
    public long create(RunPlan plan, String planJson, long nowMs) {
      return 1;
    }

    @Override
    public long lastRunId() {
      return 1;
    }

    @Override
    public boolean requestStop(long runId, boolean now) {
      boolean active = state.active();
      abortRequested |= active && now;
      stopRequested |= active && !now;
      return active;
    }

    @Override
    public boolean requestNext(long runId) {
      nextRequested = true;
      return true;
    }

    @Override
    public void nodeReady(long runId, String nodeId, String incarnation, int c, int f) {
      ready++;
    }

    @Override
    public List<Long> activeRunIds() {
      return List.of(1L);
    }

    @Override
    public ActiveRun active(long runId) {
      return state.active()
          ? new ActiveRun(
              1,
              state,
              plan,
              action,
              0,
              lastControlMs,
              abortRequested,
              stopRequested,
              new Timing(
                  startedAtMs,
                  readyAtMs,
                  dispatchedAtMs.getOrDefault(action, 0L),
                  lastReportAtMs.getOrDefault(action, 0L),
                  completedAtMs.getOrDefault(action, 0L),
                  nextRequested))
          : null;
    }

    @Override
    public void assign(long runId, List<NodeSlice> s, long nowMs) {
      slices = s;
      state = RunState.CONNECTING;
      startedAtMs = nowMs;
    }

    @Override
    public Readiness readiness(long runId) {
      return new Readiness(slices.size(), ready, plan.users(), 0);
    }

    @Override
    public List<NodeSlice> slices(long runId) {
      return slices;
    }

    final Map<String, String> incarnations = new HashMap<>();

    @Override
    public Map<String, String> incarnations(long runId) {
      return incarnations;
    }

    @Override
    public void incarnation(long runId, String nodeId, String incarnation) {
      incarnations.put(nodeId, incarnation);
    }

    @Override
    public int unstored(long runId, List<String> batchIds) {
      return (int) batchIds.stream().distinct().filter(b -> !storedBatches.contains(b)).count();
    }

    @Override
    public java.util.Set<String> lostNodes(long runId) {
      return lost;
    }

    @Override
    public void nodeLost(
        long runId,
        String nodeId,
        String reason,
        int a,
        io.vox.messaging.scenario.UserSplit.Members acting,
        long nowMs) {
      lost.add(nodeId);
      if (a > 0) {
        lostResults(runId, nodeId, a, acting, reason, nowMs);
      }
    }

    @Override
    public void lostResults(
        long runId,
        String nodeId,
        int a,
        io.vox.messaging.scenario.UserSplit.Members acting,
        String reason,
        long nowMs) {
      lostResults.add(nodeId + "@" + a + ": " + reason);
      lostActing.add(acting);
      reported.merge(a, 5L, Long::sum); // the lost node's 5 users
    }

    @Override
    public void controlSent(long runId, long nowMs) {
      lastControlMs = nowMs;
    }

    @Override
    public void running(long runId, int connected, int failed, long nowMs) {
      state = RunState.RUNNING;
      readyAtMs = nowMs;
    }

    @Override
    public long reported(long runId, int a) {
      return reported.getOrDefault(a, 0L);
    }

    @Override
    public void actionDispatched(long runId, int a, long nowMs) {
      dispatchedAtMs.put(a, nowMs);
      action = a;
      nextRequested = false;
    }

    @Override
    public void actionCompleted(long runId, int a, long nowMs) {
      completedAtMs.put(a, nowMs);
    }

    @Override
    public void verdict(long runId, boolean p, List<ThresholdResult> results) {
      passed = p;
      verdict = results;
    }

    @Override
    public void end(long runId, RunState s, String err, long nowMs) {
      state = s;
      error = err;
    }
  }

  static final Step GET =
      new Step(
          new Request(
              null, "GET", "/x", Map.of(), null, List.of(), List.of(), null, null, null, null),
          null,
          null,
          null);

  static Action action(String name, int repeat, String start, int delayMs, int atMs) {
    return new Action(
        name, repeat, List.of(GET), start, delayMs, atMs, 0, 0, 0, 0, 0, 0, null, null);
  }

  static RunPlan plan(long maxDurationMs, List<Threshold> thresholds, Action... actions) {
    return new RunPlan(
        "p",
        "http://h",
        10,
        2,
        1000,
        maxDurationMs,
        new Scenario(List.of(), List.of(actions), List.of(), 0, 0, HttpOptions.DEFAULT, List.of()),
        thresholds);
  }

  private final RunPlan plan = plan(0, List.of(), action("a", 2, "auto", 0, 0));
  private final MemoryStore store = new MemoryStore(plan);
  private final List<ControlMessage> sent = new ArrayList<>();
  private final NodeRegistry nodes = new NodeRegistry(5_000, 0);
  private ResultMetrics.Figures figures =
      new ResultMetrics.Figures(20, 1, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 2.5, 40.0);
  private final List<List<Integer>> asked = new ArrayList<>();
  private final ResultMetrics metrics =
      new ResultMetrics() {
        @Override
        public Figures figures(long runId, List<Integer> actions) {
          asked.add(actions);
          return figures;
        }

        @Override
        public Figures requestFigures(long runId, List<int[]> steps) {
          throw new AssertionError("no threshold here names a request");
        }
      };
  private boolean redelivering;
  private List<String> deadLettered = List.of();
  private boolean waiting;
  private final ReportPipeline pipeline =
      new ReportPipeline() {
        @Override
        public boolean inFlight(long runId, long nowMs) {
          return redelivering;
        }

        @Override
        public boolean sentInFlight(long runId, long nowMs) {
          return redelivering || waiting;
        }

        @Override
        public List<String> deadLettered(long runId) {
          return deadLettered;
        }

        @Override
        public boolean waiting(long runId) {
          return waiting;
        }

        @Override
        public long holdMs() {
          return 240_000;
        }
      };
  private final RunCoordinator coordinator = coordinator(store);

  private RunCoordinator coordinator(RunStore s) {
    return new RunCoordinator(
        s, metrics, sent::add, nodes, 60_000, 5_000, 10_000, 30_000, pipeline, new LiveChecks());
  }

  /** Starts {@code s}'s run on nodes a and b and makes both ready at {@code t}. */
  private RunCoordinator readyAt(MemoryStore s, long t) {
    RunCoordinator c = coordinator(s);
    beat("a", t, 0);
    beat("b", t, 0);
    c.step(1, t);
    s.ready = 2;
    c.step(1, t);
    assertEquals(RunState.RUNNING, s.state);
    return c;
  }

  @Test
  void waitsForMinNodesThenSplitsUsersOverThem() {
    beat("b", 0, 0);
    coordinator.step(1, 100);
    assertEquals(RunState.CREATED, store.state);
    assertTrue(sent.isEmpty());
    beat("a", 100, 0);
    coordinator.step(1, 200);
    assertEquals(RunState.CONNECTING, store.state);
    StartRun start = (StartRun) sent.get(0);
    assertEquals(List.of(new NodeSlice("a", 0, 5), new NodeSlice("b", 5, 5)), start.slices());
  }

  @Test
  void theStartCarriesTheSecretsAndARunWhoseSecretsWereLostEndsClearly() {
    RunParams params = new RunParams(Map.of(), List.of("token"), Map.of("token", "s3cr3t"));
    MemoryStore known = new MemoryStore(withParams(params));
    beat("a", 0, 0);
    beat("b", 0, 0);
    coordinator(known).step(1, 1);
    assertEquals(Map.of("token", "s3cr3t"), ((StartRun) sent.get(0)).params());

    sent.clear();
    MemoryStore lost = new MemoryStore(withParams(params.withSecrets(Map.of())));
    coordinator(lost).step(1, 2);
    assertEquals(RunState.FAILED, lost.state, "a master that restarted cannot start it");
    assertTrue(lost.error.contains("secret parameters"), lost.error);
    assertTrue(sent.stream().noneMatch(StartRun.class::isInstance), sent.toString());
  }

  private RunPlan withParams(RunParams params) {
    return new RunPlan(
        plan.name(),
        plan.target(),
        plan.users(),
        plan.minNodes(),
        plan.requestTimeoutMs(),
        plan.maxDurationMs(),
        plan.scenario(),
        plan.thresholds(),
        params);
  }

  @Test
  void failsWhenNodesDoNotComeInTime() {
    coordinator.step(1, 60_001);
    assertEquals(RunState.FAILED, store.state);
    assertTrue(store.error.contains("2 live node(s); 0 live"), store.error);
  }

  @Test
  void runsEachActionAfterTheLastOneWasFullyReportedThenCompletes() {
    beat("a", 0, 0);
    beat("b", 0, 0);
    coordinator.step(1, 1);
    store.ready = 1;
    coordinator.step(1, 2);
    assertEquals(RunState.CONNECTING, store.state, "one node not ready yet");
    store.ready = 2;
    coordinator.step(1, 3);
    assertEquals(new RunAction(V, 1, 1, 3), sent.get(1));
    store.reported.put(1, 9L);
    coordinator.step(1, 4);
    assertEquals(2, sent.size(), "9 of 10 users reported: wait");
    store.reported.put(1, 10L);
    coordinator.step(1, 5);
    assertEquals(new RunAction(V, 1, 2, 5), sent.get(2));
    store.reported.put(2, 10L);
    coordinator.step(1, 6);
    assertEquals(RunState.COMPLETED, store.state);
    assertEquals(new StopRun(V, 1), sent.get(3));
  }

  @Test
  void publishesThePendingMessageAgainWhileNodesDoNotAnswer() {
    beat("a", 0, 0);
    beat("b", 0, 0);
    coordinator.step(1, 1_000);
    coordinator.step(1, 3_000);
    assertEquals(1, sent.size(), "not yet due");
    coordinator.step(1, 6_000);
    assertEquals(2, sent.size());
    assertEquals(sent.get(0), sent.get(1), "the same StartRun again");
    store.ready = 2;
    coordinator.step(1, 6_100);
    assertEquals(new RunAction(V, 1, 1, 6_100), sent.get(2));
    beat("a", 11_000, 0);
    beat("b", 11_000, 0);
    coordinator.step(1, 11_100);
    assertEquals(
        new RunAction(V, 1, 1, 11_100),
        sent.get(3),
        "action 1 again, stamped anew: no user reported yet");
  }

  @Test
  void anAbortEndsTheRunAtOnceAndTellsTheNodes() {
    MemoryStore s = new MemoryStore(store.plan);
    RunCoordinator c = readyAt(s, 0);
    c.step(1, 1);
    assertEquals(1, s.action, "action 1 under way");
    s.abortRequested = true;
    int before = sent.size();
    c.step(1, 2);
    assertEquals(RunState.STOPPED, s.state);
    assertEquals("aborted on request", s.error);
    assertEquals(new StopRun(V, 1), sent.get(sent.size() - 1));
    c.step(1, 3);
    assertEquals(before + 1, sent.size(), "an ended run is left alone");
  }

  @Test
  void aStopLetsTheActionUnderWayCompleteThenEndsTheRun() {
    MemoryStore s = new MemoryStore(store.plan);
    RunCoordinator c = readyAt(s, 0);
    c.step(1, 1);
    assertEquals(1, s.action);
    s.stopRequested = true;
    c.step(1, 2);
    assertEquals(RunState.RUNNING, s.state, "action 1 still under way");
    s.reported.put(1, 10L);
    c.step(1, 3);
    assertEquals(RunState.RUNNING, s.state, "action 1 completed; action 2 is not started");
    assertEquals(1, s.action);
    c.step(1, 4);
    assertEquals(RunState.STOPPED, s.state);
    assertEquals("stopped on request after action 1", s.error);
    assertEquals(new StopRun(V, 1), sent.get(sent.size() - 1));
    assertTrue(
        sent.stream().noneMatch(m -> m instanceof RunAction a && a.action() == 2), "no action 2");
  }

  @Test
  void aStopBeforeTheFirstActionEndsTheRunAtOnce() {
    beat("a", 0, 0);
    beat("b", 0, 0);
    coordinator.step(1, 1);
    assertEquals(RunState.CONNECTING, store.state);
    store.stopRequested = true;
    coordinator.step(1, 2);
    assertEquals(RunState.STOPPED, store.state);
    assertEquals("stopped on request before action 1", store.error);
    assertEquals(new StopRun(V, 1), sent.get(sent.size() - 1));
  }

  @Test
  void aSilentNodeIsDeclaredLostAndTheRunCompletesWithoutIt() {
    beat("a", 0, 0);
    beat("b", 0, 0);
    coordinator.step(1, 1);
    store.ready = 2;
    coordinator.step(1, 2);
    assertEquals(RunState.RUNNING, store.state);
    for (long t = 1_000; t <= 9_000; t += 1_000) {
      beat("a", t, 0); // node a beats every second, node b fell silent
    }
    coordinator.step(1, 9_000);
    assertTrue(store.lost.isEmpty(), "9 s of silence is not yet lost");
    for (long t = 10_000; t <= 12_000; t += 1_000) {
      beat("a", t, 0);
    }
    store.reported.put(1, 5L); // node a's users reported action 1
    coordinator.step(1, 12_000);
    assertEquals(java.util.Set.of("b"), store.lost);
    assertEquals("b@1: node b lost: no heartbeat for 12 s", store.lostResults.get(0));
    coordinator.step(1, 12_100);
    assertEquals(new RunAction(V, 1, 2, 12_000), sent.get(sent.size() - 1), "action 1 complete");
    assertTrue(store.lostResults.get(1).startsWith("b@2: node b lost before this action"));
    beat("a", 12_200, 0);
    store.reported.merge(2, 5L, Long::sum);
    coordinator.step(1, 12_200);
    assertEquals(RunState.COMPLETED, store.state);
  }

  @Test
  void usersThatNeverReportFailAtTheActionsDeadlineAndTheRunGoesOn() {
    RunCoordinator c = readyAt(store, 0);
    assertEquals(new RunAction(V, 1, 1, 0), sent.get(sent.size() - 1));
    store.reported.put(1, 7L); // 3 users' results never reach the master
    // 1 request of 1000 ms: 2 s of path, doubled, plus 30 s of grace, after the last result
    store.lastReportAtMs.put(1, 20_000L);
    beat("a", 51_000, 0);
    beat("b", 51_000, 0);
    c.step(1, 51_000);
    assertTrue(store.lostResults.isEmpty(), "a result 31 s ago: still within the deadline");
    beat("a", 52_000, 0);
    beat("b", 52_000, 0);
    c.step(1, 52_000);
    assertEquals(
        List.of(
            "a@1: no result from node a by the action's deadline (no new result for 32 s)",
            "b@1: no result from node b by the action's deadline (no new result for 32 s)"),
        store.lostResults);
    assertEquals(null, store.completedAtMs.get(1), "completed by the next step, counters afresh");
    c.step(1, 52_100);
    assertEquals(52_100L, store.completedAtMs.get(1), "the action is complete");
    assertEquals(
        new RunAction(V, 1, 2, 52_100), sent.get(sent.size() - 1), "and the next one sent");
    assertEquals(RunState.RUNNING, store.state);
  }

  @Test
  void aGroupedActionWaitsForTheUsersOfItsGroupsOnlyAndForItsSlowestGroupsPath() {
    Action a = new Action("a", 1, List.of(), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null);
    Action b = new Action("b", 1, List.of(), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null);
    var most =
        new Group("most", 8, List.of(), List.of(), List.of(List.of(GET, GET, GET), List.of()));
    var few = new Group("few", 2, List.of(), List.of(), List.of(List.of(), List.of(GET)));
    RunPlan grouped =
        new RunPlan(
            "p",
            "http://h",
            10,
            2,
            1000,
            0,
            new Scenario(
                List.of(), List.of(a, b), List.of(), 0, 0, HttpOptions.DEFAULT, List.of(most, few)),
            List.of());
    MemoryStore s = new MemoryStore(grouped);
    RunCoordinator c = readyAt(s, 0);
    s.reported.put(1, 7L); // one of most's 8 users never reports
    s.lastReportAtMs.put(1, 1_000L);
    // most's 3 requests of 1000 ms: 6 s of path, plus 30 s of grace, after the last result
    beat("a", 36_000, 0);
    beat("b", 36_000, 0);
    c.step(1, 36_000);
    assertTrue(s.lostResults.isEmpty(), "within the path of the slowest group");
    beat("a", 37_000, 0);
    beat("b", 37_000, 0);
    c.step(1, 37_000);
    assertEquals(2, s.lostResults.size(), "a fill on each node");
    assertEquals(8, s.lostActing.get(0).count(0, 9), "for the users of most only");
    c.step(1, 37_100);
    assertEquals(new RunAction(V, 1, 2, 37_100), sent.get(sent.size() - 1));
    s.reported.put(2, 2L);
    c.step(1, 37_200);
    assertEquals(RunState.COMPLETED, s.state, "few's 2 users are all action 2 waits for");
  }

  @Test
  void theDeadlineWaitsWhileResultsMayStillComeAndFailsTheRunWhenBatchesWereDeadLettered() {
    RunCoordinator c = readyAt(store, 0);
    store.reported.put(1, 7L);
    unsent.put("b", 1); // node b still holds a batch the broker did not take
    beat("a", 40_000, 0);
    beat("b", 40_000, 0);
    c.step(1, 40_000);
    assertTrue(store.lostResults.isEmpty(), "a node still holds results");
    unsent.put("b", 0);
    redelivering = true; // and a batch of the run is in the broker, or being redelivered
    beat("b", 41_000, 0);
    beat("a", 41_000, 0);
    c.step(1, 41_000);
    assertTrue(store.lostResults.isEmpty(), "a batch is being redelivered");
    redelivering = false;
    deadLettered = List.of("a-1", "b-1");
    c.step(1, 41_100);
    assertEquals(2, store.lostResults.size(), "the missing users are stored as failed");
    assertEquals(RunState.FAILED, store.state);
    assertEquals(
        "2 report batch(es) of this run are in the dead-letter queue: the master could not store"
            + " them, so results of action 1 are missing (its users that never reported are"
            + " stored as failed)",
        store.error);
    assertEquals(new StopRun(V, 1), sent.get(sent.size() - 1));
  }

  @Test
  void resultsInFlightHoldTheDeadlineBackForAtMostTheHoldTime() {
    RunCoordinator c = readyAt(store, 0);
    store.reported.put(1, 7L);
    unsent.put("b", 1); // for ever: node b cannot send
    beat("a", 271_999, 0);
    beat("b", 271_999, 0);
    c.step(1, 271_999); // due at 32 s, held for 240 s
    assertTrue(store.lostResults.isEmpty());
    c.step(1, 272_000);
    assertEquals(2, store.lostResults.size(), "filled in after the hold, the run goes on");
  }

  @Test
  void theLastActionFailsTheRunWhenItsBatchesWereDeadLetteredThoughEveryUserReported() {
    MemoryStore s = new MemoryStore(plan(0, List.of(), action("a", 1, "auto", 0, 0)));
    RunCoordinator c = readyAt(s, 0);
    s.reported.put(1, 10L);
    deadLettered = List.of("a-2"); // histograms only: every row is stored, some latencies not
    c.step(1, 100);
    assertEquals(RunState.FAILED, s.state);
    assertTrue(
        s.error.startsWith("1 report batch(es) of this run are in the dead-letter"), s.error);
  }

  @Test
  void aDeadLetteredBatchWhoseCommitReachedTheDatabaseIsNoLoss() {
    MemoryStore s = new MemoryStore(plan(0, List.of(), action("a", 1, "auto", 0, 0)));
    RunCoordinator c = readyAt(s, 0);
    s.reported.put(1, 10L);
    deadLettered = List.of("a-2"); // its commit's answer was lost, so the broker gave up on it
    s.storedBatches.add("a-2");
    c.step(1, 100);
    assertEquals(RunState.COMPLETED, s.state, s.error);
  }

  @Test
  void aNodeRestartedUnderTheSameIdIsDeclaredLost() {
    RunCoordinator c = readyAt(store, 0);
    store.incarnations.put("a", "i-a");
    store.incarnations.put("b", ""); // ready before its first heartbeat was heard
    beat("a", 1_000, 0);
    beat("b", 1_000, 0);
    c.step(1, 1_000);
    assertEquals("i-b", store.incarnations.get("b"), "its process is learnt from the heartbeat");
    assertTrue(store.lost.isEmpty());
    incarnations.put("b", "i-b2"); // node b's process died and another one took its id
    beat("b", 2_000, 0);
    beat("a", 2_000, 0);
    redelivering = true; // a batch the old process sent is on its way
    c.step(1, 2_000);
    assertTrue(store.lost.isEmpty(), "what the old process sent is stored first");
    redelivering = false;
    c.step(1, 2_000);
    assertEquals(java.util.Set.of("b"), store.lost);
    assertEquals(
        "b@1: node b lost: it restarted during the run (a new process under the same id), and its"
            + " users went with the old one",
        store.lostResults.get(0));
  }

  @Test
  void aNodeShuttingDownIsDeclaredLostOnceItsLastBatchesAreTaken() {
    RunCoordinator c = readyAt(store, 0);
    store.incarnations.put("a", "i-a");
    store.incarnations.put("b", "i-b");
    leaving.add("b");
    redelivering = true; // a batch it sent before saying so is not stored yet
    beat("a", 1_000, 0);
    beat("b", 1_000, 0);
    c.step(1, 1_000);
    assertTrue(store.lost.isEmpty(), "its last results are stored first, not filled in as lost");
    redelivering = false;
    beat("a", 2_500, 0);
    c.step(1, 2_500);
    assertTrue(store.lost.isEmpty(), "silent only 1.5 s: the collector may still hold a batch");
    c.step(1, 3_100);
    assertEquals(java.util.Set.of("b"), store.lost, "no need to wait for its silence");
    assertEquals(
        "b@1: node b lost: it shut down during the run (its users were stopped)",
        store.lostResults.get(0));
    assertEquals(List.of("a"), nodes.live(3_100).stream().map(n -> n.nodeId()).toList());
  }

  @Test
  void anActionWithMaxDurationWaitsThatLongPlusTheGraceForItsReports() {
    Action limited =
        new Action("slow", 1, List.of(GET), "auto", 0, 0, 5_000, 0, 0, 0, 0, 0, null, null);
    MemoryStore s = new MemoryStore(plan(0, List.of(), limited));
    RunCoordinator c = readyAt(s, 100);
    beat("a", 35_099, 0);
    beat("b", 35_099, 0);
    c.step(1, 35_099);
    assertTrue(s.lostResults.isEmpty());
    c.step(1, 35_100);
    assertEquals(
        "a@1: no result from node a by the action's deadline (its maxDurationMs of 5000 ms and"
            + " 30 s for the reports)",
        s.lostResults.get(0));
    c.step(1, 35_200);
    assertEquals(RunState.COMPLETED, s.state);
  }

  @Test
  void aMasterThatHearsNothingThroughTheBrokerDeclaresNoNodeLost() {
    RunCoordinator c = readyAt(store, 0);
    store.reported.put(1, 7L);
    c.step(1, 60_000); // no heartbeat, no ping of its own for a minute: the broker is away
    assertTrue(store.lost.isEmpty(), "silence while deaf says nothing about the nodes");
    assertTrue(store.lostResults.isEmpty(), "nor does the action's deadline pass");
    for (long t = 61_000; t <= 72_000; t += 1_000) {
      nodes.pinged(t); // the broker is back at 61 s: silence counts from then
      beat("a", t, 0);
      if (t == 66_000) {
        c.step(1, t);
        assertTrue(store.lost.isEmpty(), "node b has had only 5 s to be heard again");
      }
    }
    c.step(1, 72_000);
    assertEquals(java.util.Set.of("b"), store.lost, "silent 11 s while the master heard");
  }

  @Test
  void aManualActionWaitsForTheOperatorsRequest() {
    MemoryStore s =
        new MemoryStore(
            plan(0, List.of(), action("a", 1, "auto", 0, 0), action("b", 1, "manual", 0, 0)));
    RunCoordinator c = readyAt(s, 0);
    assertEquals(new RunAction(V, 1, 1, 0), sent.get(1));
    s.reported.put(1, 10L);
    c.step(1, 10);
    c.step(1, 20);
    assertEquals(1, s.action, "action 2 waits for its command");
    assertEquals(RunState.RUNNING, s.state);
    s.nextRequested = true;
    c.step(1, 30);
    assertEquals(2, s.action);
    assertEquals(new RunAction(V, 1, 2, 30), sent.get(sent.size() - 1));
    assertTrue(!s.nextRequested, "the request is used up");
  }

  @Test
  void aFirstManualActionWaitsTooAndDelayAndTimeAreKept() {
    MemoryStore s =
        new MemoryStore(
            plan(0, List.of(), action("a", 1, "manual", 0, 0), action("b", 2, "auto", 500, 2_000)));
    RunCoordinator c = readyAt(s, 0);
    assertEquals(0, s.action);
    s.nextRequested = true;
    c.step(1, 100);
    assertEquals(1, s.action);
    s.reported.put(1, 10L);
    c.step(1, 200); // action 1 complete at 200
    c.step(1, 800);
    assertEquals(1, s.action, "700 ms after: past the delay but not yet 2 s after ready");
    c.step(1, 2_000);
    assertEquals(2, s.action);
    s.reported.put(2, 10L);
    c.step(1, 2_100);
    c.step(1, 2_500);
    assertEquals(2, s.action, "a repeat waits its delay again (500 ms after 2100)");
    c.step(1, 2_600);
    assertEquals(3, s.action, "and not the time, which was for the first execution");
  }

  @Test
  void aRunStopsAtItsMaxDuration() {
    MemoryStore s = new MemoryStore(plan(5_000, List.of(), action("a", 1, "auto", 0, 0)));
    RunCoordinator c = readyAt(s, 1_000);
    c.step(1, 5_999);
    assertEquals(RunState.RUNNING, s.state);
    c.step(1, 6_000);
    assertEquals(RunState.STOPPED, s.state);
    assertTrue(s.error.contains("maxDurationMs of 5000 ms"), s.error);
    assertEquals(new StopRun(V, 1), sent.get(sent.size() - 1));
  }

  @Test
  void thresholdsAreJudgedOnCompletionOverTheirActions() {
    MemoryStore s =
        new MemoryStore(
            plan(
                0,
                List.of(
                    new Threshold("p99", null, 5),
                    new Threshold("errorPercent", "b", 5),
                    new Threshold("mean", "b", 2)),
                action("a", 1, "auto", 0, 0),
                action("b", 2, "auto", 0, 0)));
    RunCoordinator c = readyAt(s, 0);
    for (int k = 1; k <= 3; k++) {
      s.reported.put(k, 10L);
      c.step(1, 10L * k);
    }
    assertEquals(RunState.COMPLETED, s.state);
    assertEquals(List.of(List.of(1, 2, 3), List.of(2, 3), List.of(2, 3)), asked);
    assertEquals(
        List.of(
            new ThresholdResult("p99 < 5", 4.0, true),
            new ThresholdResult("errorPercent of b < 5", 5.0, false),
            new ThresholdResult("mean of b < 2", 2.5, false)),
        s.verdict);
    assertEquals(false, s.passed);
  }

  @Test
  void anAbortOnFailThresholdEndsTheRunWhileItRunsOnceItsDelayHasPassed() {
    MemoryStore s =
        new MemoryStore(
            plan(
                0,
                List.of(
                    new Threshold("p99", null, 3, true, 2_000, null),
                    new Threshold("mean", "a", 9)),
                action("a", 1, "auto", 0, 0),
                action("b", 1, "auto", 0, 0)));
    RunCoordinator c = readyAt(s, 1_000);
    c.step(1, 2_999);
    assertEquals(RunState.RUNNING, s.state, "within its 2 s delay the threshold is not checked");
    c.step(1, 3_000);
    assertEquals(RunState.FAILED, s.state);
    assertEquals("threshold p99 < 3 failed while running (abortOnFail): 4", s.error);
    assertEquals(new StopRun(V, 1), sent.get(sent.size() - 1));
    assertEquals(false, s.passed);
    assertEquals(
        List.of(
            new ThresholdResult("p99 < 3", 4.0, false),
            new ThresholdResult("mean of a < 9", 2.5, true)),
        s.verdict);
  }

  @Test
  void aPassingOrUnmeasuredLiveThresholdLetsTheRunGoOnAndIsCheckedOncePerSecond() {
    MemoryStore s =
        new MemoryStore(
            plan(
                0,
                List.of(
                    new Threshold("p99", null, 5, true, 0, null),
                    new Threshold("errorPercent", null, 1, true, 0, null)),
                action("a", 1, "auto", 0, 0)));
    figures = new ResultMetrics.Figures(0, 0, null, null, null, null, null, null, null, null);
    RunCoordinator c = readyAt(s, 1_000);
    asked.clear();
    for (long t = 1_000; t < 2_000; t += 250) {
      c.step(1, t);
    }
    assertEquals(2, asked.size(), "both thresholds once in the first second, nothing measured");
    assertEquals(RunState.RUNNING, s.state);
    figures = new ResultMetrics.Figures(20, 0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 2.5, 40.0);
    c.step(1, 2_000);
    assertEquals(RunState.RUNNING, s.state, "p99 4 < 5 and 0 % errors pass");
    figures = new ResultMetrics.Figures(20, 1, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 2.5, 40.0);
    c.step(1, 2_500);
    assertEquals(RunState.RUNNING, s.state, "half a second later: not checked again yet");
    c.step(1, 3_000);
    assertEquals(RunState.FAILED, s.state);
    assertEquals("threshold errorPercent < 1 failed while running (abortOnFail): 5", s.error);
  }

  @Test
  void aRunWithoutThresholdsHasNoVerdict() {
    beat("a", 0, 0);
    beat("b", 0, 0);
    coordinator.step(1, 0);
    store.ready = 2;
    coordinator.step(1, 0);
    store.reported.put(1, 10L);
    coordinator.step(1, 1);
    store.reported.put(2, 10L);
    coordinator.step(1, 2);
    assertEquals(RunState.COMPLETED, store.state);
    assertEquals(null, store.passed);
    assertTrue(asked.isEmpty());
  }

  private static final int V = io.vox.messaging.Message.SCHEMA_VERSION;

  private final Map<String, String> incarnations = new HashMap<>();
  private final Map<String, Integer> unsent = new HashMap<>();
  private final java.util.Set<String> leaving = new java.util.HashSet<>();

  /** A heartbeat of node {@code id} holding {@code users}, heard at {@code t}. */
  private void beat(String id, long t, int users) {
    beat(id, t, users, 0);
  }

  private void beat(String id, long t, int users, int capacity) {
    nodes.heartbeat(
        new io.vox.messaging.NodeHeartbeat(
            V,
            id,
            t,
            users,
            "host-" + id,
            0.5,
            100 << 20,
            512 << 20,
            capacity,
            incarnations.getOrDefault(id, "i-" + id),
            unsent.getOrDefault(id, 0),
            leaving.contains(id),
            0,
            -1),
        t);
  }

  @Test
  void anEventOtherThanAHeartbeatKeepsWhatTheHeartbeatTold() {
    beat("a", 0, 500, 2000);
    nodes.seen("a", 10);
    assertEquals(
        new NodeRegistry.NodeInfo(
            "a", 10, 500, "host-a", 0.5, 100 << 20, 512 << 20, 2000, "i-a", 0, false, 0, -1),
        nodes.live(10).get(0));
  }

  @Test
  void aRestartedMasterGivesNodesTimeToBeHeard() {
    NodeRegistry fresh = new NodeRegistry(5_000, 100_000);
    assertEquals(3_000, fresh.silentFor("never-heard", 103_000));
  }

  @Test
  void splitsUnevenCountsByAtMostOne() {
    beat("a", 0, 0);
    beat("b", 0, 0);
    beat("c", 0, 0);
    assertEquals(
        List.of(new NodeSlice("a", 0, 4), new NodeSlice("b", 4, 3), new NodeSlice("c", 7, 3)),
        Allocation.split(10, nodes.live(0)));
  }

  @Test
  void splitsInProportionToCapacityWhenEveryNodeStatesOne() {
    beat("a", 0, 0, 1000);
    beat("b", 0, 0, 3000);
    beat("c", 0, 0, 1000);
    assertEquals(
        List.of(new NodeSlice("a", 0, 2), new NodeSlice("b", 2, 6), new NodeSlice("c", 8, 2)),
        Allocation.split(10, nodes.live(0)));
    // 11 users: shares 2.2, 6.6, 2.2; the one left goes to the largest fraction (b)
    assertEquals(
        List.of(new NodeSlice("a", 0, 2), new NodeSlice("b", 2, 7), new NodeSlice("c", 9, 2)),
        Allocation.split(11, nodes.live(0)));
  }

  @Test
  void aNodeWithoutCapacityMakesTheSplitEqual() {
    beat("a", 0, 0, 1000);
    beat("b", 0, 0, 0);
    assertEquals(
        List.of(new NodeSlice("a", 0, 5), new NodeSlice("b", 5, 5)),
        Allocation.split(10, nodes.live(0)));
  }

  @Test
  void theCoordinatorSplitsByCapacity() {
    beat("a", 0, 0, 1000);
    beat("b", 0, 0, 4000);
    coordinator.step(1, 0);
    assertEquals(RunState.CONNECTING, store.state);
    StartRun start = (StartRun) sent.get(0);
    assertEquals(List.of(new NodeSlice("a", 0, 2), new NodeSlice("b", 2, 8)), start.slices());
  }
}
