package io.vox.master.jpa;

import io.vox.master.plan.PlanParams;
import io.vox.master.plan.PlanReader;
import io.vox.master.run.RunPlan;
import io.vox.master.run.RunStore;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.scenario.UserSplit;
import io.vox.persistence.ActionStat;
import io.vox.persistence.ResultRow;
import io.vox.persistence.Run;
import io.vox.persistence.RunNode;
import io.vox.persistence.RunState;
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

  @jakarta.annotation.Resource jakarta.transaction.TransactionSynchronizationRegistry transactions;

  /**
   * The values of active runs' secret parameters, by run: never stored, so a master that restarts
   * has none (and ends a run that still needs them, see {@code RunParams.complete}).
   */
  private final java.util.Map<Long, java.util.Map<String, String>> secrets =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public long create(RunPlan plan, String planJson, long nowMs) {
    Run run =
        new Run(
            plan.name(),
            PlanParams.withoutSecrets(planJson),
            plan.users(),
            plan.actions(),
            plan.minNodes(),
            nowMs);
    if (!plan.params().shown().isEmpty()) {
      run.setParamsJson(JpaReports.JSONB.toJson(plan.params().shown()));
    }
    em.persist(run);
    em.flush();
    if (!plan.params().secrets().isEmpty()) {
      long id = run.getId();
      // known before the commit, so the first step after it finds them; forgotten on a rollback
      secrets.put(id, plan.params().secrets());
      afterCompletion(
          committed -> {
            if (!committed) {
              secrets.remove(id);
            }
          });
    }
    return run.getId();
  }

  @Override
  public List<Long> activeRunIds() {
    // the ids alone: the tick asks four times a second, and a Run carries its plan's JSON
    return em.createNamedQuery(Run.ACTIVE_IDS, Long.class)
        .setParameter("states", ACTIVE)
        .getResultList();
  }

  @Override
  public long lastRunId() {
    Object max = em.createNativeQuery("SELECT COALESCE(MAX(id), 0) FROM vox_run").getSingleResult();
    return ((Number) max).longValue();
  }

  @Override
  public ActiveRun active(long runId) {
    Run run = em.find(Run.class, runId);
    if (run == null || !run.getState().active()) {
      return null;
    }
    ActionStat current =
        run.getCurrentAction() == 0
            ? null
            : em.find(ActionStat.class, new ActionStat.Key(runId, run.getCurrentAction()));
    return new ActiveRun(
        run.getId(),
        run.getState(),
        plan(run),
        run.getCurrentAction(),
        run.getCreatedAtMs(),
        run.getLastControlMs(),
        run.isAbortRequested(),
        run.isStopAfterAction(),
        new Timing(
            run.getStartedAtMs(),
            run.getReadyAtMs(),
            current == null ? 0 : current.getDispatchedAtMs(),
            current == null ? 0 : current.getLastReportAtMs(),
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

  private RunPlan plan(Run run) {
    return planCache.computeIfAbsent(
        run.getId(),
        id ->
            plans
                .readKept(run.getPlanJson())
                .withSecrets(secrets.getOrDefault(id, java.util.Map.of())));
  }

  @Override
  public void assign(long runId, List<NodeSlice> slices, long nowMs) {
    Run run = em.find(Run.class, runId);
    for (NodeSlice s : slices) {
      em.persist(new RunNode(runId, s.nodeId(), s.firstUser(), s.users()));
    }
    Object nodes = nodesKey(runId);
    if (nodes != null) {
      transactions.putResource(nodes, null);
    }
    RunPlan plan = plan(run);
    io.vox.messaging.scenario.Scenario scenario = plan.scenario();
    for (int a = 1; a <= run.getActions(); a++) {
      em.persist(
          new ActionStat(
              runId,
              a,
              scenario.actions().get(scenario.actionIndexOf(a)).name(),
              plan.actingUsers(a)));
    }
    run.setState(RunState.CONNECTING);
    run.setStartedAtMs(nowMs);
  }

  /**
   * The run's nodes, read once per transaction: a coordinator step asks for its slices, lost nodes
   * and incarnations in turn, four times a second. The entities are this transaction's managed
   * ones, so what the step changes on them (a node lost) is seen; {@link #assign} adds nodes and
   * forgets the list.
   */
  private List<RunNode> nodesOf(long runId) {
    Object key = nodesKey(runId);
    @SuppressWarnings("unchecked")
    List<RunNode> read = key == null ? null : (List<RunNode>) transactions.getResource(key);
    if (read == null) {
      read =
          em.createNamedQuery(RunNode.OF_RUN, RunNode.class)
              .setParameter("run", runId)
              .getResultList();
      if (key != null) {
        transactions.putResource(key, read);
      }
    }
    return read;
  }

  private static final String NODES_OF = JpaRunStore.class.getName() + ".nodesOf";

  /** Where {@link #nodesOf} keeps its list in the transaction; null outside of one. */
  private Object nodesKey(long runId) {
    return transactions == null || transactions.getTransactionKey() == null
        ? null
        : List.of(NODES_OF, runId);
  }

  @Override
  public Readiness readiness(long runId) {
    List<RunNode> nodes = nodesOf(runId);
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
    return nodesOf(runId).stream()
        .map(n -> new NodeSlice(n.getNodeId(), n.getFirstUser(), n.getUsers()))
        .toList();
  }

  @Override
  public int unstored(long runId, java.util.List<String> batchIds) {
    // a batch may sit in the DLQ twice (a node resends what it could not send): count it once
    List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(batchIds));
    long stored = 0;
    for (int i = 0; i < ids.size(); i += 500) {
      stored +=
          em.createQuery(
                  "SELECT COUNT(b) FROM StoredBatch b WHERE b.runId = :run AND b.batchId IN :ids",
                  Long.class)
              .setParameter("run", runId)
              .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
              .getSingleResult();
    }
    return ids.size() - (int) stored;
  }

  @Override
  public Set<String> lostNodes(long runId) {
    return nodesOf(runId).stream()
        .filter(RunNode::isLost)
        .map(RunNode::getNodeId)
        .collect(Collectors.toSet());
  }

  @Override
  public void nodeLost(
      long runId, String nodeId, String reason, int action, UserSplit.Members acting, long nowMs) {
    em.find(RunNode.class, new RunNode.Key(runId, nodeId)).markLost(reason);
    if (action > 0) {
      lostResults(runId, nodeId, action, acting, reason, nowMs);
    }
  }

  /**
   * One set-based statement per table, whatever the slice's size: the slice's user ids are made by
   * a cross join of digit tables (portable to MySQL and MariaDB, no recursion limit), those without
   * a row of the action get one with {@code reason}, and the same rows go to {@code vox_error}.
   * Users whose group sits the action out are left out by their {@link UserSplit} condition.
   */
  @Override
  public void lostResults(
      long runId, String nodeId, int action, UserSplit.Members acting, String reason, long nowMs) {
    RunNode node = em.find(RunNode.class, new RunNode.Key(runId, nodeId));
    if (node == null || node.getUsers() == 0) {
      return;
    }
    em.flush(); // the native statements below read what this transaction changed
    long first = node.getFirstUser();
    long last = first + node.getUsers() - 1;
    Number have =
        (Number)
            em.createNativeQuery(
                    "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = ? AND user_id"
                        + " BETWEEN ? AND ?")
                .setParameter(1, runId)
                .setParameter(2, action)
                .setParameter(3, first)
                .setParameter(4, last)
                .getSingleResult();
    if (have.longValue() >= acting.count(first, last)) {
      return; // a range count of the key: a slice that all reported costs no fill
    }
    long nowUs = nowMs * 1000;
    String clipped = ResultRow.clip(reason);
    long t0 = System.nanoTime();
    int added =
        em.createNativeQuery(
                fillResults(node.getUsers(), acting.sql("u.n"), acting.split().sqlGroup("u.n")))
            .setParameter(1, runId)
            .setParameter(2, action)
            .setParameter(3, nodeId)
            .setParameter(4, nowUs)
            .setParameter(5, nowUs)
            .setParameter(6, clipped)
            .setParameter(7, first)
            .setParameter(8, last)
            .setParameter(9, runId)
            .setParameter(10, action)
            .executeUpdate();
    if (added == 0) {
      return;
    }
    em.createNativeQuery(FILL_ERRORS)
        .setParameter(1, runId)
        .setParameter(2, action)
        .setParameter(3, first)
        .setParameter(4, last)
        .setParameter(5, nowUs)
        .setParameter(6, clipped)
        .executeUpdate();
    em.createNamedQuery(ActionStat.ADD)
        .setParameter("reported", (long) added)
        .setParameter("errors", (long) added)
        .setParameter("requests", (long) added)
        .setParameter("failures", (long) added)
        .setParameter("run", runId)
        .setParameter("action", action)
        .executeUpdate();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    FILL_LOG.info(
        () ->
            "run="
                + runId
                + " node="
                + nodeId
                + " action="
                + action
                + ": "
                + added
                + " missing result(s) filled in "
                + ms
                + " ms");
  }

  private static final java.util.logging.Logger FILL_LOG =
      java.util.logging.Logger.getLogger(JpaRunStore.class.getName());

  /**
   * Rows for the users of a slice of {@code users} that have none for an action, among those {@code
   * members} (a condition on {@code u.n}) holds, each with its {@code group} (an expression of
   * {@code u.n}). Parameters: run, action, node, now (µs) twice, reason, first and last user of the
   * slice, run, action.
   */
  static String fillResults(int users, String members, String group) {
    return "INSERT IGNORE INTO vox_result (run_id, action, user_id, node_id, intended_us,"
        + " start_us, latency_us, status, error, loop_iterations, loop_failures, queued_us,"
        + " user_group) SELECT ?, ?, u.n, ?, ?, ?, 0, 0, ?, 0, 0, 0, "
        + group
        + " FROM "
        + userIds(users)
        + " u WHERE u.n <= ? AND "
        + members
        + " AND NOT EXISTS (SELECT 1 FROM vox_result r"
        + " WHERE r.run_id = ? AND r.action = ? AND r.user_id = u.n)";
  }

  /**
   * The rows {@link #fillResults} added, into {@code vox_error}. Parameters: run, action, first and
   * last user, now (µs), reason.
   */
  static final String FILL_ERRORS =
      "INSERT IGNORE INTO vox_error (run_id, action, user_id, node_id, start_us, latency_us,"
          + " status, error) SELECT run_id, action, user_id, node_id, start_us, latency_us,"
          + " status, error FROM vox_result WHERE run_id = ? AND action = ? AND user_id"
          + " BETWEEN ? AND ? AND start_us = ? AND latency_us = 0 AND error = ?";

  /**
   * A derived table {@code (n)} of the numbers {@code ?} (the first user, the statement's 7th
   * parameter) to {@code ?} + 10^k - 1, k digits enough for {@code users}.
   */
  static String userIds(int users) {
    String digits =
        "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
            + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8"
            + " UNION ALL SELECT 9)";
    int k = Math.max(1, String.valueOf(Math.max(0, users - 1)).length());
    StringBuilder sum = new StringBuilder("? + d0.d");
    StringBuilder from = new StringBuilder(digits + " d0");
    long scale = 1;
    for (int i = 1; i < k; i++) {
      scale *= 10;
      sum.append(" + ").append(scale).append(" * d").append(i).append(".d");
      from.append(" CROSS JOIN ").append(digits).append(" d").append(i);
    }
    // the top digit bounded: 1,000,001 users make 2 million numbers, not 10
    long top = Math.max(0, users - 1) / scale;
    return "(SELECT " + sum + " AS n FROM " + from + " WHERE d" + (k - 1) + ".d <= " + top + ")";
  }

  /** The users in {@code first..last} that have a row of {@code action}: a range of the key. */
  static Set<Long> usersWithRows(EntityManager em, long runId, int action, long first, long last) {
    return new HashSet<>(
        em.createNamedQuery(ResultRow.USERS_IN_RANGE, Long.class)
            .setParameter("run", runId)
            .setParameter("action", action)
            .setParameter("first", first)
            .setParameter("last", last)
            .getResultList());
  }

  @Override
  public void controlSent(long runId, long nowMs) {
    em.find(Run.class, runId).setLastControlMs(nowMs);
  }

  @Override
  public boolean requestStop(long runId, boolean now) {
    Run run = em.find(Run.class, runId);
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

  @Override
  public boolean requestNext(long runId) {
    Run run = em.find(Run.class, runId);
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
    em.find(Run.class, runId).setVerdict(passed, JpaReports.JSONB.toJson(results));
  }

  @Override
  @Transactional
  public void nodeReady(long runId, String nodeId, String incarnation, int connected, int failed) {
    RunNode node = em.find(RunNode.class, new RunNode.Key(runId, nodeId));
    if (node != null && !node.isReady()) {
      node.markReady(connected, failed);
      if (!incarnation.isEmpty()) {
        node.setIncarnation(incarnation);
      }
    }
  }

  @Override
  public java.util.Map<String, String> incarnations(long runId) {
    java.util.Map<String, String> known = new java.util.HashMap<>();
    for (RunNode n : nodesOf(runId)) {
      if (n.isReady()) {
        known.put(n.getNodeId(), n.getIncarnation() == null ? "" : n.getIncarnation());
      }
    }
    return known;
  }

  @Override
  public void incarnation(long runId, String nodeId, String incarnation) {
    em.find(RunNode.class, new RunNode.Key(runId, nodeId)).setIncarnation(incarnation);
  }

  @Override
  public void running(long runId, int connected, int failed, long nowMs) {
    Run run = em.find(Run.class, runId);
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
    Run run = em.find(Run.class, runId);
    run.setCurrentAction(action);
    run.setNextRequested(false);
    em.find(ActionStat.class, new ActionStat.Key(runId, action)).setDispatchedAtMs(nowMs);
  }

  @Override
  public void actionCompleted(long runId, int action, long nowMs) {
    em.find(ActionStat.class, new ActionStat.Key(runId, action)).setCompletedAtMs(nowMs);
  }

  @Override
  public void end(long runId, RunState state, String error, long nowMs) {
    Run run = em.find(Run.class, runId);
    run.setState(state);
    run.setError(error);
    run.setEndedAtMs(nowMs);
    afterCompletion(
        committed -> {
          if (committed) { // a step rolled back leaves the run as it was, secrets included
            secrets.remove(runId);
            planCache.remove(runId);
          }
        });
  }

  /** Runs {@code then} (committed or not) once the caller's transaction ends; now without one. */
  private void afterCompletion(java.util.function.Consumer<Boolean> then) {
    if (transactions == null
        || transactions.getTransactionStatus() != jakarta.transaction.Status.STATUS_ACTIVE) {
      then.accept(true);
      return;
    }
    transactions.registerInterposedSynchronization(
        new jakarta.transaction.Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            then.accept(status == jakarta.transaction.Status.STATUS_COMMITTED);
          }
        });
  }
}
