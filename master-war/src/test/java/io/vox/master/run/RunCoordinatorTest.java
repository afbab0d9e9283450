package io.vox.master.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.ControlMessage;
import io.vox.messaging.HttpStep;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCoordinatorTest {
  /** A run store in memory, enough to drive the coordinator's decisions. */
  static final class MemoryStore implements RunStore {
    String state = "CREATED";
    int action;
    List<NodeSlice> slices = List.of();
    int ready;
    final Map<Integer, Long> reported = new HashMap<>();
    String error;
    final java.util.Set<String> lost = new java.util.TreeSet<>();
    final List<String> lostResults = new ArrayList<>();
    long lastControlMs;
    boolean stopRequested;
    final RunPlan plan;

    MemoryStore(RunPlan plan) {
      this.plan = plan;
    }

    @Override
    public List<Long> activeRunIds() {
      return List.of(1L);
    }

    @Override
    public ActiveRun active(long runId) {
      return List.of("CREATED", "CONNECTING", "RUNNING").contains(state)
          ? new ActiveRun(1, state, plan, action, 0, lastControlMs, stopRequested)
          : null;
    }

    @Override
    public void assign(long runId, List<NodeSlice> s, long nowMs) {
      slices = s;
      state = "CONNECTING";
    }

    @Override
    public Readiness readiness(long runId) {
      return new Readiness(slices.size(), ready, plan.users(), 0);
    }

    @Override
    public List<NodeSlice> slices(long runId) {
      return slices;
    }

    @Override
    public java.util.Set<String> lostNodes(long runId) {
      return lost;
    }

    @Override
    public void nodeLost(long runId, String nodeId, String reason, int a, long nowMs) {
      lost.add(nodeId);
      if (a > 0) {
        lostResults(runId, nodeId, a, reason, nowMs);
      }
    }

    @Override
    public void lostResults(long runId, String nodeId, int a, String reason, long nowMs) {
      lostResults.add(nodeId + "@" + a + ": " + reason);
      reported.merge(a, 5L, Long::sum); // the lost node's 5 users
    }

    @Override
    public void controlSent(long runId, long nowMs) {
      lastControlMs = nowMs;
    }

    @Override
    public void running(long runId, int connected, int failed, long nowMs) {
      state = "RUNNING";
    }

    @Override
    public long reported(long runId, int a) {
      return reported.getOrDefault(a, 0L);
    }

    @Override
    public void actionDispatched(long runId, int a, long nowMs) {
      action = a;
    }

    @Override
    public void actionCompleted(long runId, int a, long nowMs) {}

    @Override
    public void end(long runId, String s, String err, long nowMs) {
      state = s;
      error = err;
    }
  }

  private final RunPlan plan =
      new RunPlan("p", "http://h", 10, 2, 2, 1000, null, new HttpStep("GET", "/x", null, null));
  private final MemoryStore store = new MemoryStore(plan);
  private final List<ControlMessage> sent = new ArrayList<>();
  private final NodeRegistry nodes = new NodeRegistry(5_000, 0);
  private final RunCoordinator coordinator =
      new RunCoordinator(store, sent::add, nodes, 60_000, 5_000, 10_000);

  @Test
  void waitsForMinNodesThenSplitsUsersOverThem() {
    nodes.heartbeat("b", 0, 0);
    coordinator.step(1, 100);
    assertEquals("CREATED", store.state);
    assertTrue(sent.isEmpty());
    nodes.heartbeat("a", 100, 0);
    coordinator.step(1, 200);
    assertEquals("CONNECTING", store.state);
    StartRun start = (StartRun) sent.get(0);
    assertEquals(List.of(new NodeSlice("a", 0, 5), new NodeSlice("b", 5, 5)), start.slices());
  }

  @Test
  void failsWhenNodesDoNotComeInTime() {
    coordinator.step(1, 60_001);
    assertEquals("FAILED", store.state);
    assertTrue(store.error.contains("2 live node(s); 0 live"), store.error);
  }

  @Test
  void runsEachActionAfterTheLastOneWasFullyReportedThenCompletes() {
    nodes.heartbeat("a", 0, 0);
    nodes.heartbeat("b", 0, 0);
    coordinator.step(1, 1);
    store.ready = 1;
    coordinator.step(1, 2);
    assertEquals("CONNECTING", store.state, "one node not ready yet");
    store.ready = 2;
    coordinator.step(1, 3);
    assertEquals(new RunAction(1, 1, 1), sent.get(1));
    store.reported.put(1, 9L);
    coordinator.step(1, 4);
    assertEquals(2, sent.size(), "9 of 10 users reported: wait");
    store.reported.put(1, 10L);
    coordinator.step(1, 5);
    assertEquals(new RunAction(1, 1, 2), sent.get(2));
    store.reported.put(2, 10L);
    coordinator.step(1, 6);
    assertEquals("COMPLETED", store.state);
    assertEquals(new StopRun(1, 1), sent.get(3));
  }

  @Test
  void publishesThePendingMessageAgainWhileNodesDoNotAnswer() {
    nodes.heartbeat("a", 0, 0);
    nodes.heartbeat("b", 0, 0);
    coordinator.step(1, 1_000);
    coordinator.step(1, 3_000);
    assertEquals(1, sent.size(), "not yet due");
    coordinator.step(1, 6_000);
    assertEquals(2, sent.size());
    assertEquals(sent.get(0), sent.get(1), "the same StartRun again");
    store.ready = 2;
    coordinator.step(1, 6_100);
    assertEquals(new RunAction(1, 1, 1), sent.get(2));
    nodes.heartbeat("a", 11_000, 0);
    nodes.heartbeat("b", 11_000, 0);
    coordinator.step(1, 11_100);
    assertEquals(new RunAction(1, 1, 1), sent.get(3), "action 1 again: no user reported yet");
  }

  @Test
  void aStopRequestEndsTheRunAndTellsTheNodes() {
    nodes.heartbeat("a", 0, 0);
    nodes.heartbeat("b", 0, 0);
    coordinator.step(1, 1);
    store.stopRequested = true;
    coordinator.step(1, 2);
    assertEquals("STOPPED", store.state);
    assertEquals(new StopRun(1, 1), sent.get(sent.size() - 1));
    coordinator.step(1, 3);
    assertEquals(2, sent.size(), "an ended run is left alone");
  }

  @Test
  void aSilentNodeIsDeclaredLostAndTheRunCompletesWithoutIt() {
    nodes.heartbeat("a", 0, 0);
    nodes.heartbeat("b", 0, 0);
    coordinator.step(1, 1);
    store.ready = 2;
    coordinator.step(1, 2);
    assertEquals("RUNNING", store.state);
    nodes.heartbeat("a", 9_000, 0);
    coordinator.step(1, 9_000);
    assertTrue(store.lost.isEmpty(), "9 s of silence is not yet lost");
    nodes.heartbeat("a", 12_000, 0);
    store.reported.put(1, 5L); // node a's users reported action 1
    coordinator.step(1, 12_000);
    assertEquals(java.util.Set.of("b"), store.lost);
    assertEquals("b@1: node b lost: no heartbeat for 12 s", store.lostResults.get(0));
    coordinator.step(1, 12_100);
    assertEquals(new RunAction(1, 1, 2), sent.get(sent.size() - 1), "action 1 complete");
    assertTrue(store.lostResults.get(1).startsWith("b@2: node b lost before this action"));
    nodes.heartbeat("a", 12_200, 0);
    store.reported.merge(2, 5L, Long::sum);
    coordinator.step(1, 12_200);
    assertEquals("COMPLETED", store.state);
  }

  @Test
  void anEventOtherThanAHeartbeatKeepsTheNodesUserCount() {
    nodes.heartbeat("a", 0, 500);
    nodes.seen("a", 10);
    assertEquals(new NodeRegistry.NodeInfo("a", 10, 500), nodes.live(10).get(0));
  }

  @Test
  void aRestartedMasterGivesNodesTimeToBeHeard() {
    NodeRegistry fresh = new NodeRegistry(5_000, 100_000);
    assertEquals(3_000, fresh.silentFor("never-heard", 103_000));
  }

  @Test
  void splitsUnevenCountsByAtMostOne() {
    assertEquals(
        List.of(new NodeSlice("a", 0, 4), new NodeSlice("b", 4, 3), new NodeSlice("c", 7, 3)),
        Allocation.split(10, List.of("a", "b", "c")));
  }
}
