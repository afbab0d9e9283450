package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * What one user measured for one action of a run. The key (run, action, user) makes "no row twice"
 * a database guarantee; ids are assigned, so inserts stay batched.
 */
@Entity
// no secondary index: every index costs every insert (one on run,action,node_id cost 30 % of the
// ingestion rate, bench/README.md); the queries read the key's ranges
@Table(name = "vox_result")
@IdClass(ResultRow.Key.class)
@NamedQuery(
    name = ResultRow.PAGE,
    query = "SELECT r FROM ResultRow r WHERE r.runId = :run ORDER BY r.action, r.userId")
@NamedQuery(
    name = ResultRow.PAGE_AFTER_USER,
    query =
        "SELECT r FROM ResultRow r WHERE r.runId = :run AND r.action = :action"
            + " AND r.userId > :user ORDER BY r.userId")
@NamedQuery(
    name = ResultRow.PAGE_AFTER_ACTION,
    query =
        "SELECT r FROM ResultRow r WHERE r.runId = :run AND r.action > :action"
            + " ORDER BY r.action, r.userId")
@NamedQuery(
    name = ResultRow.USERS_IN_RANGE,
    query =
        "SELECT r.userId FROM ResultRow r WHERE r.runId = :run AND r.action = :action"
            + " AND r.userId BETWEEN :first AND :last")
public class ResultRow {
  public static final String PAGE = "ResultRow.page";

  /**
   * The rows of the action after a user, in key order; then {@link #PAGE_AFTER_ACTION}: the rows
   * after (action, user) as two ranges of the key, a page that costs the same at any depth (one
   * condition with an OR made MariaDB scan the run from its start: 6.9 s at depth 5M).
   */
  public static final String PAGE_AFTER_USER = "ResultRow.pageAfterUser";

  /** The rows of the actions after an action, in key order. */
  public static final String PAGE_AFTER_ACTION = "ResultRow.pageAfterAction";

  /**
   * The users from {@code first} to {@code last} (a node's slice, or a batch's span) that have a
   * row of the action: a range of the key.
   */
  public static final String USERS_IN_RANGE = "ResultRow.usersInRange";

  @Id
  @Column(name = "run_id")
  private long runId;

  @Id private int action;

  @Id
  @Column(name = "user_id")
  private long userId;

  @Column(name = "node_id", length = 100, nullable = false)
  private String nodeId;

  @Column(name = "intended_us")
  private long intendedUs;

  @Column(name = "start_us")
  private long startUs;

  @Column(name = "latency_us")
  private long latencyUs;

  private int status;

  @Column(length = 500)
  private String error;

  /** For a loop action, how many iterations this row sums up; 0 otherwise. */
  @Column(name = "loop_iterations", nullable = false)
  private int loopIterations;

  /** For a loop action, how many of its iterations failed. */
  @Column(name = "loop_failures", nullable = false)
  private int loopFailures;

  /**
   * How long the requests after the first waited to be written (for a connection), which the
   * latency leaves out and the corrected latency counts; for a loop, per iteration on average.
   */
  @Column(name = "queued_us", nullable = false)
  private long queuedUs;

  /** The user's group: its index in the plan's groups, 0 without groups. */
  @Column(name = "user_group", nullable = false)
  private short userGroup;

  protected ResultRow() {}

  public ResultRow(
      long runId,
      int action,
      long userId,
      String nodeId,
      long intendedUs,
      long startUs,
      long latencyUs,
      int status,
      String error) {
    this.runId = runId;
    this.action = action;
    this.userId = userId;
    this.nodeId = nodeId;
    this.intendedUs = intendedUs;
    this.startUs = startUs;
    this.latencyUs = latencyUs;
    this.status = status;
    this.error = clip(error);
  }

  /** An error text as stored: at most 500 characters. */
  public static String clip(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 500);
  }

  public long getRunId() {
    return runId;
  }

  public int getAction() {
    return action;
  }

  public long getUserId() {
    return userId;
  }

  public String getNodeId() {
    return nodeId;
  }

  public long getIntendedUs() {
    return intendedUs;
  }

  public long getStartUs() {
    return startUs;
  }

  public long getLatencyUs() {
    return latencyUs;
  }

  public int getStatus() {
    return status;
  }

  public String getError() {
    return error;
  }

  /** Composite key (run, action, user). */
  public static class Key implements Serializable {
    private long runId;
    private int action;
    private long userId;

    public Key() {}

    public Key(long runId, int action, long userId) {
      this.runId = runId;
      this.action = action;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.runId == runId && k.action == action && k.userId == userId;
    }

    @Override
    public int hashCode() {
      return (Long.hashCode(runId) * 31 + action) * 31 + Long.hashCode(userId);
    }
  }
}
