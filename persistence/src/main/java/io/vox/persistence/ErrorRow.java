package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * A failed result, stored a second time beside its row of {@link ResultRow} by the collector, in
 * the same transaction. "Which users failed, where and why" then reads a table of the errors only
 * (about 1 % of the rows in a healthy run) through an index on the reason, instead of an index on
 * every row of {@code vox_result}, which would cost every insert (MySQL has no partial indexes).
 */
@Entity
@Table(
    name = "vox_error",
    indexes = {
      @Index(name = "ix_error_reason", columnList = "run_id,error"),
      @Index(name = "ix_error_node", columnList = "run_id,node_id")
    })
@IdClass(ResultRow.Key.class)
public class ErrorRow {
  @Id
  @Column(name = "run_id")
  private long runId;

  @Id private int action;

  @Id
  @Column(name = "user_id")
  private long userId;

  @Column(name = "node_id", length = 100, nullable = false)
  private String nodeId;

  @Column(name = "start_us")
  private long startUs;

  @Column(name = "latency_us")
  private long latencyUs;

  private int status;

  @Column(length = 500, nullable = false)
  private String error;

  protected ErrorRow() {}

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
}
