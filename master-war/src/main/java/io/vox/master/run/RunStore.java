package io.vox.master.run;

import io.vox.messaging.NodeSlice;
import io.vox.messaging.scenario.UserSplit;
import io.vox.persistence.RunState;
import java.util.List;

/**
 * What the master reads and writes of runs: the coordinator's steps, and the application layer's
 * commands. Every call joins the caller's transaction.
 */
public interface RunStore {
  /**
   * Where one active run stands. {@code abortRequested}: an operator asked to end it now; {@code
   * stopRequested}: to end it once the action under way is complete (no further action starts).
   */
  record ActiveRun(
      long id,
      RunState state,
      RunPlan plan,
      int currentAction,
      long createdAtMs,
      long lastControlMs,
      boolean abortRequested,
      boolean stopRequested,
      Timing timing) {
    /** An action was sent and not every user has reported it yet. */
    boolean actionUnderWay() {
      return state == RunState.RUNNING && currentAction > 0 && timing.currentCompletedAtMs() == 0;
    }
  }

  /**
   * When the run reached its milestones (0 while not yet): nodes allocated, every user connected,
   * the current action dispatched, its last result stored, and completed; and whether an operator
   * asked for the next action.
   */
  record Timing(
      long startedAtMs,
      long readyAtMs,
      long currentDispatchedAtMs,
      long currentLastReportAtMs,
      long currentCompletedAtMs,
      boolean nextRequested) {
    public static final Timing NONE = new Timing(0, 0, 0, 0, 0, false);
  }

  /** How many of a run's nodes reported ready, and with how many users. */
  record Readiness(int nodes, int ready, int connected, int failed) {}

  /** Stores a new run of {@code plan} (its JSON as given) and returns its id. */
  long create(RunPlan plan, String planJson, long nowMs);

  /** The highest run id stored (0: none). */
  long lastRunId();

  /**
   * Asks the coordinator to end run {@code runId}: {@code now} (abort), or once the action under
   * way is complete (stop); false when the run has already ended.
   *
   * @throws IllegalArgumentException when there is no such run
   */
  boolean requestStop(long runId, boolean now);

  /**
   * Asks for the next action of run {@code runId} (one that starts manually, or a pause of an
   * action); false when the run is not running or has no action left.
   *
   * @throws IllegalArgumentException when there is no such run
   */
  boolean requestNext(long runId);

  /**
   * Records that node {@code nodeId}, in its process {@code incarnation} ("" when not yet heard),
   * is ready for run {@code runId}; a repeat changes nothing.
   */
  void nodeReady(long runId, String nodeId, String incarnation, int connected, int failed);

  List<Long> activeRunIds();

  /** The run, or null when it is no longer active. */
  ActiveRun active(long runId);

  /** Stores the slices and moves the run to CONNECTING. */
  void assign(long runId, List<NodeSlice> slices, long nowMs);

  Readiness readiness(long runId);

  /** The slices stored by {@link #assign}. */
  List<NodeSlice> slices(long runId);

  /**
   * The process of each of the run's nodes that reported ready: node id to incarnation ("" when it
   * was not known then).
   */
  java.util.Map<String, String> incarnations(long runId);

  /** Notes the process of node {@code nodeId} that holds the run's slice (it was not known yet). */
  void incarnation(long runId, String nodeId, String incarnation);

  /**
   * How many of the report batches {@code batchIds} of the run (each counted once) were never
   * stored.
   */
  int unstored(long runId, java.util.List<String> batchIds);

  /** Nodes of the run declared lost. */
  java.util.Set<String> lostNodes(long runId);

  /**
   * Declares {@code nodeId} lost for the run: it counts as ready (its users failed to connect), and
   * for {@code action} (when above 0) each of its users among {@code acting} without a result gets
   * one with error {@code reason}.
   */
  void nodeLost(
      long runId, String nodeId, String reason, int action, UserSplit.Members acting, long nowMs);

  /**
   * Records every user of node {@code nodeId}'s slice among {@code acting} (those whose group takes
   * part in the action) without a result of {@code action} as failed with {@code reason}.
   */
  void lostResults(
      long runId, String nodeId, int action, UserSplit.Members acting, String reason, long nowMs);

  /** Notes when a control message for the run was last published. */
  void controlSent(long runId, long nowMs);

  /** Moves the run to RUNNING with its connect figures; its actions are yet to be sent. */
  void running(long runId, int connected, int failed, long nowMs);

  /** Users that reported {@code action} so far. */
  long reported(long runId, int action);

  /** Makes {@code action} the current one, sent now; an operator's request for it is used up. */
  void actionDispatched(long runId, int action, long nowMs);

  void actionCompleted(long runId, int action, long nowMs);

  /** Ends the run in {@code state} (COMPLETED, FAILED, STOPPED) with an optional reason. */
  void end(long runId, RunState state, String error, long nowMs);

  /** Stores whether the run met its thresholds, and each one's figure. */
  void verdict(long runId, boolean passed, List<ThresholdResult> results);
}
