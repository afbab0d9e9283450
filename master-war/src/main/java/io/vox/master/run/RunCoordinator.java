package io.vox.master.run;

import io.vox.messaging.Message;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Scenario;
import io.vox.persistence.RunState;
import java.util.List;
import java.util.logging.Logger;

/**
 * Moves each active run one step when it can: allocate and start it once enough nodes are live, run
 * action 1 once every node is ready, the next action once every user reported the current one and
 * its start rule allows (manual, delay, time), complete after the last and judge the thresholds. An
 * abort ends a run at once; a stop lets the action under way complete (all its results stored),
 * then ends it instead of starting the next. The only writer of run states; a step runs in one
 * transaction with the messages it publishes, so a step is never half done. While it waits for
 * nodes, it publishes the pending StartRun or RunAction again every {@code resendMs} (nodes ignore
 * repeats), so a node that missed a topic message catches up.
 */
public final class RunCoordinator {
  private static final Logger LOG = Logger.getLogger(RunCoordinator.class.getName());
  private final RunStore store;
  private final ResultMetrics metrics;
  private final ControlChannel control;
  private final NodeRegistry nodes;
  private final long nodeWaitMs;
  private final long resendMs;
  private final long nodeLostMs;
  private final long graceMs;
  private final ReportPipeline pipeline;
  private final LiveChecks live;

  /**
   * @param nodeWaitMs how long a new run waits for its minimum of live nodes
   * @param resendMs how often a pending control message is published again
   * @param nodeLostMs silence after which a node of a running run is declared lost
   * @param graceMs time given to reports to reach the master, in an action's {@link ActionDeadline}
   * @param pipeline where results may still be, or were dropped, on their way to the database
   * @param live when each run's abortOnFail thresholds were last evaluated (held by the runtime)
   */
  public RunCoordinator(
      RunStore store,
      ResultMetrics metrics,
      ControlChannel control,
      NodeRegistry nodes,
      long nodeWaitMs,
      long resendMs,
      long nodeLostMs,
      long graceMs,
      ReportPipeline pipeline,
      LiveChecks live) {
    this.live = live;
    this.store = store;
    this.metrics = metrics;
    this.control = control;
    this.nodes = nodes;
    this.nodeWaitMs = nodeWaitMs;
    this.resendMs = resendMs;
    this.nodeLostMs = nodeLostMs;
    this.graceMs = graceMs;
    this.pipeline = pipeline;
  }

  /** One step of run {@code runId} at time {@code nowMs}. */
  public void step(long runId, long nowMs) {
    RunStore.ActiveRun run = store.active(runId);
    if (run == null) {
      return;
    }
    if (run.abortRequested() || (run.stopRequested() && !run.actionUnderWay())) {
      String reason =
          run.abortRequested()
              ? "aborted on request"
              : run.currentAction() == 0
                  ? "stopped on request before action 1"
                  : "stopped on request after action " + run.currentAction();
      store.end(run.id(), RunState.STOPPED, reason, nowMs);
      live.forget(run.id());
      if (run.state() != RunState.CREATED) {
        control.publish(new StopRun(Message.SCHEMA_VERSION, run.id()));
      }
      LOG.info(() -> "run=" + run.id() + " " + reason);
      return;
    }
    long limitMs = run.plan().maxDurationMs();
    long startedAtMs = run.timing().startedAtMs();
    if (limitMs > 0 && startedAtMs > 0 && nowMs - startedAtMs >= limitMs) {
      store.end(
          run.id(),
          RunState.STOPPED,
          "reached the plan's maxDurationMs of " + limitMs + " ms",
          nowMs);
      live.forget(run.id());
      control.publish(new StopRun(Message.SCHEMA_VERSION, run.id()));
      LOG.info(() -> "run=" + run.id() + " stopped at its maxDurationMs");
      return;
    }
    if (run.state() == RunState.RUNNING && failedLive(run, nowMs)) {
      return;
    }
    if (run.state() != RunState.CREATED && nodes.hearing(nowMs)) {
      // deaf (the broker away), the master cannot tell a silent node from a dead one
      declareSilentNodesLost(run, nowMs);
    }
    switch (run.state()) {
      case CREATED -> allocate(run, nowMs);
      case CONNECTING -> startWhenReady(run, nowMs);
      case RUNNING -> advance(run, nowMs);
      default -> {}
    }
  }

  /**
   * Ends the run FAILED, with the figure, when one of its abortOnFail thresholds fails over the
   * results stored so far (every node's), checked every {@link LiveChecks#EVERY_MS} once the
   * threshold's delayMs has passed since the run started running. A threshold without data yet
   * (nothing stored, or only failures for a latency) does not end it.
   */
  private boolean failedLive(RunStore.ActiveRun run, long nowMs) {
    RunPlan plan = run.plan();
    if (run.currentAction() == plan.actions() && !run.actionUnderWay()) {
      return false; // every result of the last action is in: complete() judges them all
    }
    long runningSinceMs = run.timing().readyAtMs();
    List<Threshold> ripe =
        plan.thresholds().stream()
            .filter(
                t -> t.abortOnFail() && runningSinceMs > 0 && nowMs - runningSinceMs >= t.delayMs())
            .toList();
    if (ripe.isEmpty() || !live.due(run.id(), nowMs)) {
      return false;
    }
    long began = System.nanoTime();
    try {
      return failedLive(run, plan, ripe, nowMs);
    } finally {
      live.took(run.id(), (System.nanoTime() - began) / 1_000_000);
    }
  }

  private boolean failedLive(
      RunStore.ActiveRun run, RunPlan plan, List<Threshold> ripe, long nowMs) {
    for (Threshold t : ripe) {
      ThresholdResult result = ResultMetrics.evaluate(metrics, run.id(), plan, t);
      if (result.actual() != null && !result.passed()) {
        String reason =
            "threshold "
                + t.describe()
                + " failed while running (abortOnFail): "
                + Threshold.format(result.actual());
        store.end(run.id(), RunState.FAILED, reason, nowMs);
        control.publish(new StopRun(Message.SCHEMA_VERSION, run.id()));
        store.verdict(
            run.id(),
            false,
            plan.thresholds().stream()
                .map(x -> x == t ? result : ResultMetrics.evaluate(metrics, run.id(), plan, x))
                .toList());
        live.forget(run.id());
        LOG.warning(() -> "run=" + run.id() + " " + reason);
        return true;
      }
    }
    return false;
  }

  private void allocate(RunStore.ActiveRun run, long nowMs) {
    RunPlan plan = run.plan();
    List<NodeRegistry.NodeInfo> live = nodes.live(nowMs);
    if (live.size() < plan.minNodes()) {
      if (nowMs - run.createdAtMs() > nodeWaitMs) {
        store.end(
            run.id(),
            RunState.FAILED,
            "waited "
                + nodeWaitMs / 1000
                + " s for "
                + plan.minNodes()
                + " live node(s); "
                + live.size()
                + " live",
            nowMs);
      }
      return;
    }
    List<NodeSlice> slices = Allocation.split(plan.users(), live);
    store.assign(run.id(), slices, nowMs);
    if (publishStart(run, slices, nowMs)) {
      LOG.info(() -> "run=" + run.id() + " started on " + live.size() + " node(s): " + slices);
    }
  }

  /**
   * Declares lost each node of the run that fell silent, that restarted (a heartbeat from another
   * incarnation than the one that reported ready: the new process holds none of the run), or that
   * said it is shutting down; for the last two, once no batch of the run is in flight (and one that
   * left has been silent for {@link #SETTLE_MS}): what it sent before is stored, not filled in as
   * lost.
   */
  /**
   * How long a node that left stays silent before the master takes its last batches as stored: more
   * than the collector's few round trips for a batch it already holds.
   */
  static final long SETTLE_MS = 2_000;

  private void declareSilentNodesLost(RunStore.ActiveRun run, long nowMs) {
    java.util.Set<String> lost = store.lostNodes(run.id());
    java.util.Map<String, String> incarnations = store.incarnations(run.id());
    for (NodeSlice slice : store.slices(run.id())) {
      if (lost.contains(slice.nodeId())) {
        continue;
      }
      long silentMs = nodes.silentFor(slice.nodeId(), nowMs);
      String took = incarnations.get(slice.nodeId());
      String now = nodes.incarnation(slice.nodeId());
      boolean restarted = took != null && !took.isEmpty() && !now.isEmpty() && !took.equals(now);
      if (took != null && took.isEmpty() && !now.isEmpty()) {
        store.incarnation(run.id(), slice.nodeId(), now); // it was ready before its first heartbeat
      }
      // the batches a node sent before it restarted or left may still be on their way (queued,
      // in the collector's hands, or waiting to be redelivered): they are stored, not filled in
      // asked only of such a node: it browses the broker's queue, and this runs every tick
      boolean leaving = !restarted && nodes.leaving(slice.nodeId()) && silentMs >= SETTLE_MS;
      boolean flowing = (restarted || leaving) && pipeline.sentInFlight(run.id(), nowMs);
      boolean left = leaving && !flowing;
      restarted = restarted && !flowing;
      if (silentMs > nodeLostMs || restarted || left) {
        String reason =
            restarted
                ? "node "
                    + slice.nodeId()
                    + " lost: it restarted during the run (a new process under the same id),"
                    + " and its users went with the old one"
                : left
                    ? "node "
                        + slice.nodeId()
                        + " lost: it shut down during the run (its users were stopped)"
                    : "node "
                        + slice.nodeId()
                        + " lost: no heartbeat for "
                        + silentMs / 1000
                        + " s";
        int action = run.state() == RunState.RUNNING ? run.currentAction() : 0;
        store.nodeLost(
            run.id(),
            slice.nodeId(),
            reason,
            action,
            action > 0 ? run.plan().acting(action) : null,
            nowMs);
        LOG.warning(
            () -> "run=" + run.id() + " " + reason + "; its " + slice.users() + " users are lost");
      }
    }
  }

  /** False when the run ended instead, its secrets lost. */
  private boolean publishStart(RunStore.ActiveRun run, List<NodeSlice> slices, long nowMs) {
    RunPlan plan = run.plan();
    if (!plan.params().complete()) {
      String reason =
          "the master restarted before every node had the run's secret parameters, which it"
              + " never stores; start the run again";
      store.end(run.id(), RunState.FAILED, reason, nowMs);
      live.forget(run.id());
      control.publish(new StopRun(Message.SCHEMA_VERSION, run.id()));
      LOG.warning(() -> "run=" + run.id() + " " + reason);
      return false;
    }
    control.publish(
        new StartRun(
            Message.SCHEMA_VERSION,
            run.id(),
            plan.target(),
            plan.requestTimeoutMs(),
            plan.scenario(),
            slices,
            plan.params().secrets()));
    store.controlSent(run.id(), nowMs);
    return true;
  }

  private boolean resendDue(RunStore.ActiveRun run, long nowMs) {
    return nowMs - run.lastControlMs() >= resendMs;
  }

  private void startWhenReady(RunStore.ActiveRun run, long nowMs) {
    RunStore.Readiness r = store.readiness(run.id());
    if (r.ready() < r.nodes()) {
      if (resendDue(run, nowMs) && publishStart(run, store.slices(run.id()), nowMs)) {
        LOG.info(
            () ->
                "run="
                    + run.id()
                    + " StartRun sent again: "
                    + r.ready()
                    + "/"
                    + r.nodes()
                    + " ready");
      }
      return;
    }
    store.running(run.id(), r.connected(), r.failed(), nowMs);
    LOG.info(
        () ->
            "run="
                + run.id()
                + " all "
                + r.nodes()
                + " node(s) ready: connected="
                + r.connected()
                + " failed="
                + r.failed());
    dispatchWhenDue(run, 0, nowMs, nowMs);
  }

  private void advance(RunStore.ActiveRun run, long nowMs) {
    int k = run.currentAction();
    RunStore.Timing timing = run.timing();
    if (k == 0) {
      dispatchWhenDue(run, 0, timing.readyAtMs(), nowMs);
      return;
    }
    long completedAtMs = timing.currentCompletedAtMs();
    if (completedAtMs == 0) {
      if (store.reported(run.id(), k) < run.plan().actingUsers(k)) {
        if (pastDeadline(run, k, nowMs)) {
          // the missing users were filled in; the next step completes the action, reading the
          // counters afresh (this transaction's copy predates the fill)
          failIfDeadLettered(run, k, true, nowMs);
        } else if (resendDue(run, nowMs)) {
          // stamped anew: a node that missed the first command would otherwise start its users
          // in the past (a loop cut short by the resend interval, arrivals due at once)
          control.publish(new RunAction(Message.SCHEMA_VERSION, run.id(), k, nowMs));
          store.controlSent(run.id(), nowMs);
        }
        return;
      }
      if (k == run.plan().actions()) {
        // before the verdict: what is still on its way (a histogram batch being redelivered)
        // would come after the run ended, and is rejected then
        if (pipeline.waiting(run.id())
            && nowMs - run.timing().currentLastReportAtMs() < pipeline.holdMs()) {
          return;
        }
        if (failIfDeadLettered(run, k, false, nowMs)) {
          return;
        }
      }
      store.actionCompleted(run.id(), k, nowMs);
      completedAtMs = nowMs;
      LOG.info(() -> "run=" + run.id() + " action=" + k + " complete");
      if (k == run.plan().actions()) {
        complete(run, nowMs);
        return;
      }
    }
    dispatchWhenDue(run, k, completedAtMs, nowMs);
  }

  /**
   * Whether action {@code k}'s {@link ActionDeadline} passed; if so, its users without a result are
   * stored as failed with the reason, node by node.
   */
  private boolean pastDeadline(RunStore.ActiveRun run, int k, long nowMs) {
    Scenario scenario = run.plan().scenario();
    Action action =
        ActionDeadline.slowest(scenario, scenario.actionIndexOf(k), run.plan().requestTimeoutMs());
    RunStore.Timing t = run.timing();
    long due =
        ActionDeadline.dueAtMs(
            action,
            (int) run.plan().actingUsers(k),
            run.plan().requestTimeoutMs(),
            graceMs,
            t.currentDispatchedAtMs(),
            t.currentLastReportAtMs());
    if (nowMs < due || !nodes.hearing(nowMs)) {
      return false;
    }
    if (nowMs < due + pipeline.holdMs()
        && (unsentOnNodes(run) || pipeline.inFlight(run.id(), nowMs))) {
      return false; // results may still come: wait, though not for ever
    }
    String why =
        action.maxDurationMs() > 0
            ? "its maxDurationMs of "
                + action.maxDurationMs()
                + " ms and "
                + graceMs / 1000
                + " s for the reports"
            : "no new result for "
                + ActionDeadline.quietMs(action, run.plan().requestTimeoutMs(), graceMs) / 1000
                + " s";
    java.util.Set<String> lost = store.lostNodes(run.id());
    for (NodeSlice slice : store.slices(run.id())) {
      if (!lost.contains(slice.nodeId())) {
        store.lostResults(
            run.id(),
            slice.nodeId(),
            k,
            run.plan().acting(k),
            "no result from node " + slice.nodeId() + " by the action's deadline (" + why + ")",
            nowMs);
      }
    }
    LOG.warning(() -> "run=" + run.id() + " action=" + k + " passed its deadline (" + why + ")");
    return true;
  }

  /**
   * Ends the run FAILED when report batches of it are in the dead-letter queue: its results are not
   * all there, and what is missing is the tool's doing, not the system under test's.
   */
  private boolean failIfDeadLettered(RunStore.ActiveRun run, int k, boolean filled, long nowMs) {
    // a batch whose commit reached the database but whose answer did not is dead-lettered too
    int dead = store.unstored(run.id(), pipeline.deadLettered(run.id()));
    if (dead == 0) {
      return false;
    }
    String reason =
        dead
            + " report batch(es) of this run are in the dead-letter queue: the master could not"
            + " store them, so results of action "
            + k
            + " are missing"
            + (filled ? " (its users that never reported are stored as failed)" : "");
    store.actionCompleted(run.id(), k, nowMs);
    live.forget(run.id());
    store.end(run.id(), RunState.FAILED, reason, nowMs);
    control.publish(new StopRun(Message.SCHEMA_VERSION, run.id()));
    LOG.warning(() -> "run=" + run.id() + " failed: " + reason);
    return true;
  }

  /** Whether a node of the run still holds report batches the broker has not taken. */
  private boolean unsentOnNodes(RunStore.ActiveRun run) {
    java.util.Set<String> lost = store.lostNodes(run.id());
    return store.slices(run.id()).stream()
        .anyMatch(s -> !lost.contains(s.nodeId()) && nodes.unsentBatches(s.nodeId()) > 0);
  }

  /**
   * Sends action {@code k + 1} once its start rule allows: an operator's request when it starts
   * manually, its delay after {@code previousEndMs}, its time after every user was connected.
   */
  private void dispatchWhenDue(RunStore.ActiveRun run, int k, long previousEndMs, long nowMs) {
    if (run.stopRequested()) {
      return; // the next step ends the run: no further action starts
    }
    Scenario scenario = run.plan().scenario();
    int index = scenario.actionIndexOf(k + 1);
    Action next = scenario.actions().get(index);
    boolean firstOfItsAction = k == 0 || scenario.actionIndexOf(k) != index;
    if (Action.MANUAL.equals(next.start()) && !run.timing().nextRequested()) {
      return;
    }
    if (nowMs < previousEndMs + next.delayMs()) {
      return;
    }
    long readyAtMs = k == 0 ? previousEndMs : run.timing().readyAtMs();
    if (firstOfItsAction && nowMs < readyAtMs + next.atMs()) {
      return;
    }
    dispatch(run, k + 1, nowMs);
  }

  private void complete(RunStore.ActiveRun run, long nowMs) {
    live.forget(run.id());
    store.end(run.id(), RunState.COMPLETED, null, nowMs);
    control.publish(new StopRun(Message.SCHEMA_VERSION, run.id()));
    if (!run.plan().thresholds().isEmpty()) {
      List<ThresholdResult> results = ResultMetrics.evaluate(metrics, run.id(), run.plan());
      boolean passed = results.stream().allMatch(ThresholdResult::passed);
      store.verdict(run.id(), passed, results);
      LOG.info(
          () -> "run=" + run.id() + " completed: " + (passed ? "PASSED " : "FAILED ") + results);
    } else {
      LOG.info(() -> "run=" + run.id() + " completed");
    }
  }

  private void dispatch(RunStore.ActiveRun run, int action, long nowMs) {
    long runId = run.id();
    store.actionDispatched(runId, action, nowMs);
    control.publish(new RunAction(Message.SCHEMA_VERSION, runId, action, nowMs));
    store.controlSent(runId, nowMs);
    for (String lost : store.lostNodes(runId)) {
      store.lostResults(
          runId,
          lost,
          action,
          run.plan().acting(action),
          "node " + lost + " lost before this action",
          nowMs);
    }
  }
}
