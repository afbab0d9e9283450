package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * Live counters of one bulk action of a run: how many users reported it and how many failed.
 * Counters are raised with a bulk UPDATE in the transaction that stores a batch, so concurrent
 * collectors never lose an increment.
 */
@Entity
@Table(name = "vox_action")
@IdClass(ActionStat.Key.class)
@NamedQuery(
    name = ActionStat.OF_RUN,
    query = "SELECT a FROM ActionStat a WHERE a.runId = :run ORDER BY a.action")
@NamedQuery(
    name = ActionStat.REPORTED_OF_RUN,
    query = "SELECT COALESCE(SUM(a.reported), 0) FROM ActionStat a WHERE a.runId = :run")
@NamedQuery(
    name = ActionStat.ADD,
    query =
        "UPDATE ActionStat a SET a.reported = a.reported + :reported, a.errors = a.errors + :errors,"
            + " a.requests = a.requests + :requests, a.failures = a.failures + :failures"
            + " WHERE a.runId = :run AND a.action = :action")
public class ActionStat {
  public static final String OF_RUN = "ActionStat.ofRun";
  public static final String ADD = "ActionStat.add";
  public static final String REPORTED_OF_RUN = "ActionStat.reportedOfRun";

  @Id
  @Column(name = "run_id")
  private long runId;

  @Id private int action;

  @Column(length = 100)
  private String name;

  private long reported;
  private long errors;

  /** The users that take part in this action (all, unless groups sit it out). */
  @Column(nullable = false)
  private long users;

  /** Request sequences performed: one per row, or a loop row's iterations. */
  @Column(nullable = false)
  private long requests;

  /** How many of {@link #requests} failed. */
  @Column(nullable = false)
  private long failures;

  /** HTTP requests made: every step, redirect hop and loop iteration, failed ones too. */
  @Column(name = "http_requests", nullable = false)
  private long httpRequests;

  @Column(name = "dispatched_at_ms")
  private long dispatchedAtMs;

  @Column(name = "completed_at_ms")
  private long completedAtMs;

  /** When the collector last stored a result of this action (0: none yet). */
  @Column(name = "last_report_at_ms", nullable = false)
  private long lastReportAtMs;

  protected ActionStat() {}

  public ActionStat(long runId, int action, String name, long users) {
    this.runId = runId;
    this.action = action;
    this.name = name;
    this.users = users;
  }

  public long getUsers() {
    return users;
  }

  /** The name of the plan's action this execution belongs to. */
  public String getName() {
    return name;
  }

  public long getRunId() {
    return runId;
  }

  public int getAction() {
    return action;
  }

  public long getReported() {
    return reported;
  }

  public long getErrors() {
    return errors;
  }

  public long getRequests() {
    return requests;
  }

  public long getFailures() {
    return failures;
  }

  public long getHttpRequests() {
    return httpRequests;
  }

  public long getDispatchedAtMs() {
    return dispatchedAtMs;
  }

  public void setDispatchedAtMs(long dispatchedAtMs) {
    this.dispatchedAtMs = dispatchedAtMs;
  }

  public long getCompletedAtMs() {
    return completedAtMs;
  }

  public void setCompletedAtMs(long completedAtMs) {
    this.completedAtMs = completedAtMs;
  }

  public long getLastReportAtMs() {
    return lastReportAtMs;
  }

  /** Composite key (run, action). */
  public static class Key implements Serializable {
    private long runId;
    private int action;

    public Key() {}

    public Key(long runId, int action) {
      this.runId = runId;
      this.action = action;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.runId == runId && k.action == action;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(runId) * 31 + action;
    }
  }
}
