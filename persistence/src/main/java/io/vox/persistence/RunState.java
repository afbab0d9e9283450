package io.vox.persistence;

/** Life of a run. Only the master's RunCoordinator moves a run from one state to the next. */
public enum RunState {
  /** Stored; waiting for enough live nodes. */
  CREATED,
  /** StartRun sent; users are connecting. */
  CONNECTING,
  /** Bulk actions under way. */
  RUNNING,
  /** Every action reported by every user. */
  COMPLETED,
  /** Stopped by an admin. */
  STOPPED,
  /** Could not go on (reason in {@code error}). */
  FAILED;

  public boolean active() {
    return this == CREATED || this == CONNECTING || this == RUNNING;
  }
}
