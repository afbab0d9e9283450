package io.vox.master.report;

import java.util.List;

/** A run as the REST API shows it: state, connect figures, per-node slices, per-action counts. */
public record RunView(
    long id,
    String name,
    String state,
    int users,
    int actions,
    int currentAction,
    int connected,
    int connectFailed,
    long createdAtMs,
    long startedAtMs,
    long endedAtMs,
    String error,
    List<NodeView> nodes,
    List<ActionView> actionProgress) {

  /** One node's slice of the run. */
  public record NodeView(
      String nodeId,
      long firstUser,
      int users,
      boolean ready,
      int connected,
      int failed,
      String lost) {}

  /** Live counters of one action. */
  public record ActionView(
      int action, long reported, long errors, long dispatchedAtMs, long completedAtMs) {}
}
