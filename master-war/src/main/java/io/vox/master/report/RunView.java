package io.vox.master.report;

import io.vox.master.run.ThresholdResult;
import io.vox.persistence.RunState;
import java.util.List;
import java.util.Map;

/**
 * A run as the REST API shows it: state, connect figures, whether it passed its thresholds (null
 * when it has none or has not completed) and each threshold's figure, per-node slices, per-action
 * counts, its parameters' values (a secret one masked).
 */
public record RunView(
    long id,
    String name,
    RunState state,
    int users,
    int actions,
    int currentAction,
    int connected,
    int connectFailed,
    long createdAtMs,
    long startedAtMs,
    long endedAtMs,
    String error,
    Boolean passed,
    List<ThresholdResult> thresholds,
    List<NodeView> nodes,
    List<ActionView> actionProgress,
    Map<String, String> params) {

  /** One node's slice of the run. */
  public record NodeView(
      String nodeId,
      long firstUser,
      int users,
      boolean ready,
      int connected,
      int failed,
      String lost) {}

  /** Whether the run is still CREATED, CONNECTING or RUNNING. */
  public boolean active() {
    return state.active();
  }

  /** Live counters of one action; {@code users} take part in it (groups may sit it out). */
  public record ActionView(
      int action,
      String name,
      long users,
      long reported,
      long errors,
      long dispatchedAtMs,
      long completedAtMs) {}
}
