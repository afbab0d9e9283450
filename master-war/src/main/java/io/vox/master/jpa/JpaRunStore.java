package io.vox.master.jpa;

import io.vox.master.plan.PlanReader;
import io.vox.master.run.RunPlan;
import io.vox.master.run.RunStore;
import io.vox.messaging.NodeSlice;
import io.vox.persistence.ActionStat;
import io.vox.persistence.ResultRow;
import io.vox.persistence.RunNode;
import io.vox.persistence.RunState;
import io.vox.persistence.TestRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs in MySQL through JPA; every method joins the caller's JTA transaction. */
@ApplicationScoped
public class JpaRunStore implements RunStore {
  private static final List<RunState> ACTIVE =
      List.of(RunState.CREATED, RunState.CONNECTING, RunState.RUNNING);
  private final PlanReader plans = new PlanReader();

  @PersistenceContext(unitName = "vox")
  EntityManager em;

  /** Stores a new run of {@code plan} (its JSON as given) and returns its id. */
  public long create(RunPlan plan, String planJson, long nowMs) {
    TestRun run =
        new TestRun(plan.name(), planJson, plan.users(), plan.actions(), plan.minNodes(), nowMs);
    em.persist(run);
    em.flush();
    return run.getId();
  }

  @Override
  public List<Long> activeRunIds() {
    return em
        .createNamedQuery(TestRun.ACTIVE, TestRun.class)
        .setParameter("states", ACTIVE)
        .getResultList()
        .stream()
        .map(TestRun::getId)
        .toList();
  }

  @Override
  public ActiveRun active(long runId) {
    TestRun run = em.find(TestRun.class, runId);
    if (run == null || !run.getState().active()) {
      return null;
    }
    ActionStat current =
        run.getCurrentAction() == 0
            ? null
            : em.find(ActionStat.class, new ActionStat.Key(runId, run.getCurrentAction()));
    return new ActiveRun(
        run.getId(),
        run.getState().name(),
        plan(run),
        run.getCurrentAction(),
        run.getCreatedAtMs(),
        run.getLastControlMs(),
        run.isAbortRequested(),
        run.isStopAfterAction(),
        new Timing(
            run.getStartedAtMs(),
            run.getReadyAtMs(),
            current == null ? 0 : current.getCompletedAtMs(),
            run.isNextRequested()));
  }

  /** The plan of a run; it was valid when stored, and parsing it each tick costs ~0.1 ms. */
  private final java.util.Map<Long, RunPlan> planCache =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Long, RunPlan> e) {
              return size() > 64;
            }
          });

  private RunPlan plan(TestRun run) {
    return planCache.computeIfAbsent(run.getId(), id -> plans.read(run.getPlanJson()));
  }

  @Override
  public void assign(long runId, List<NodeSlice> slices, long nowMs) {
    TestRun run = em.find(TestRun.class, runId);
    for (NodeSlice s : slices) {
      em.persist(new RunNode(runId, s.nodeId(), s.firstUser(), s.users()));
    }
    io.vox.messaging.scenario.Scenario scenario = plan(run).scenario();
    for (int a = 1; a <= run.getActions(); a++) {
      em.persist(
          new ActionStat(runId, a, scenario.actions().get(scenario.actionIndexOf(a)).name()));
    }
    run.setState(RunState.CONNECTING);
    run.setStartedAtMs(nowMs);
  }

  @Override
  public Readiness readiness(long runId) {
    List<RunNode> nodes =
        em.createNamedQuery(RunNode.OF_RUN, RunNode.class)
            .setParameter("run", runId)
            .getResultList();
    int ready = 0;
    int connected = 0;
    int failed = 0;
    for (RunNode n : nodes) {
      if (n.isReady()) {
        ready++;
        connected += n.getConnected();
        failed += n.getFailed();
      } else if (n.isLost()) {
        ready++;
        failed += n.getUsers();
      }
    }
    return new Readiness(nodes.size(), ready, connected, failed);
  }

  @Override
  public List<NodeSlice> slices(long runId) {
    return em
        .createNamedQuery(RunNode.OF_RUN, RunNode.class)
        .setParameter("run", runId)
        .getResultList()
        .stream()
        .map(n -> new NodeSlice(n.getNodeId(), n.getFirstUser(), n.getUsers()))
        .toList();
  }

  @Override
  public Set<String> lostNodes(long runId) {
    return em
        .createNamedQuery(RunNode.OF_RUN, RunNode.class)
        .setParameter("run", runId)
        .getResultList()
        .stream()
        .filter(RunNode::isLost)
        .map(RunNode::getNodeId)
        .collect(Collectors.toSet());
  }

  @Override
  public void nodeLost(long runId, String nodeId, String reason, int action, long nowMs) {
    em.find(RunNode.class, new RunNode.Key(runId, nodeId)).markLost(reason);
    if (action > 0) {
      lostResults(runId, nodeId, action, reason, nowMs);
    }
  }

  @Override
  public void lostResults(long runId, String nodeId, int action, String reason, long nowMs) {
    RunNode node = em.find(RunNode.class, new RunNode.Key(runId, nodeId));
    Set<Long> reported = usersWithRows(em, runId, action, node);
    long nowUs = nowMs * 1000;
    long added = 0;
    for (long u = node.getFirstUser(); u < node.getFirstUser() + node.getUsers(); u++) {
      if (!reported.contains(u)) {
        em.persist(new ResultRow(runId, action, u, nodeId, nowUs, nowUs, 0, 0, reason));
        added++;
      }
    }
    em.flush();
    em.createNamedQuery(ActionStat.ADD)
        .setParameter("reported", added)
        .setParameter("errors", added)
        .setParameter("requests", added)
        .setParameter("failures", added)
        .setParameter("run", runId)
        .setParameter("action", action)
        .executeUpdate();
  }

  /** The users of {@code node}'s slice that have a row of {@code action}: a range of the key. */
  static Set<Long> usersWithRows(EntityManager em, long runId, int action, RunNode node) {
    return new HashSet<>(
        em.createNamedQuery(ResultRow.USERS_IN_RANGE, Long.class)
            .setParameter("run", runId)
            .setParameter("action", action)
            .setParameter("first", node.getFirstUser())
            .setParameter("last", node.getFirstUser() + node.getUsers() - 1)
            .getResultList());
  }

  @Override
  public void controlSent(long runId, long nowMs) {
    em.find(TestRun.class, runId).setLastControlMs(nowMs);
  }

  /**
   * Asks the coordinator to end run {@code runId}: {@code now} (abort), or once the action under
   * way is complete (stop); false when the run has already ended.
   *
   * @throws IllegalArgumentException when there is no such run
   */
  public boolean requestStop(long runId, boolean now) {
    TestRun run = em.find(TestRun.class, runId);
    if (run == null) {
      throw new IllegalArgumentException("no run " + runId);
    }
    if (!run.getState().active()) {
      return false;
    }
    if (now) {
      run.requestAbort();
    } else {
      run.requestStopAfterAction();
    }
    return true;
  }

  /**
   * Asks for the next action of run {@code runId} (one that starts manually, or a pause of an
   * action); false when the run is not running or has no action left.
   *
   * @throws IllegalArgumentException when there is no such run
   */
  public boolean requestNext(long runId) {
    TestRun run = em.find(TestRun.class, runId);
    if (run == null) {
      throw new IllegalArgumentException("no run " + runId);
    }
    if (!run.getState().active() || run.getCurrentAction() >= run.getActions()) {
      return false;
    }
    run.setNextRequested(true);
    return true;
  }

  @Override
  public void verdict(long runId, boolean passed, List<io.vox.master.run.ThresholdResult> results) {
    em.find(TestRun.class, runId).setVerdict(passed, JpaReports.JSONB.toJson(results));
  }

  /** Records that node {@code nodeId} is ready for run {@code runId}; a repeat changes nothing. */
  @Transactional
  public void nodeReady(long runId, String nodeId, int connected, int failed) {
    RunNode node = em.find(RunNode.class, new RunNode.Key(runId, nodeId));
    if (node != null && !node.isReady()) {
      node.markReady(connected, failed);
    }
  }

  @Override
  public void running(long runId, int connected, int failed, long nowMs) {
    TestRun run = em.find(TestRun.class, runId);
    run.setConnectResult(connected, failed);
    run.setState(RunState.RUNNING);
    run.setReadyAtMs(nowMs);
  }

  @Override
  public long reported(long runId, int action) {
    ActionStat stat = em.find(ActionStat.class, new ActionStat.Key(runId, action));
    return stat == null ? 0 : stat.getReported();
  }

  @Override
  public void actionDispatched(long runId, int action, long nowMs) {
    TestRun run = em.find(TestRun.class, runId);
    run.setCurrentAction(action);
    run.setNextRequested(false);
    em.find(ActionStat.class, new ActionStat.Key(runId, action)).setDispatchedAtMs(nowMs);
  }

  @Override
  public void actionCompleted(long runId, int action, long nowMs) {
    em.find(ActionStat.class, new ActionStat.Key(runId, action)).setCompletedAtMs(nowMs);
  }

  @Override
  public void end(long runId, String state, String error, long nowMs) {
    TestRun run = em.find(TestRun.class, runId);
    run.setState(RunState.valueOf(state));
    run.setError(error);
    run.setEndedAtMs(nowMs);
  }
}
