package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** The slice of a run's users given to one node, and whether that node reported ready. */
@Entity
@Table(name = "vox_run_node")
@IdClass(RunNode.Key.class)
@NamedQuery(
    name = RunNode.OF_RUN,
    query = "SELECT n FROM RunNode n WHERE n.runId = :run ORDER BY n.firstUser")
public class RunNode {
  public static final String OF_RUN = "RunNode.ofRun";

  @Id
  @Column(name = "run_id")
  private long runId;

  @Id
  @Column(name = "node_id", length = 100)
  private String nodeId;

  @Column(name = "first_user")
  private long firstUser;

  private int users;
  private boolean ready;
  private int connected;
  private int failed;
  private boolean lost;

  @Column(name = "lost_reason", length = 300)
  private String lostReason;

  /** The node's process that reported ready (its heartbeats name it); null while unknown. */
  @Column(length = 64)
  private String incarnation;

  protected RunNode() {}

  public RunNode(long runId, String nodeId, long firstUser, int users) {
    this.runId = runId;
    this.nodeId = nodeId;
    this.firstUser = firstUser;
    this.users = users;
  }

  public long getRunId() {
    return runId;
  }

  public String getNodeId() {
    return nodeId;
  }

  public long getFirstUser() {
    return firstUser;
  }

  public int getUsers() {
    return users;
  }

  public boolean isReady() {
    return ready;
  }

  public int getConnected() {
    return connected;
  }

  public int getFailed() {
    return failed;
  }

  public boolean isLost() {
    return lost;
  }

  public String getLostReason() {
    return lostReason;
  }

  /** The node stopped answering: its users' missing results are recorded as lost. */
  public void markLost(String reason) {
    this.lost = true;
    this.lostReason = reason;
  }

  public void markReady(int connected, int failed) {
    this.ready = true;
    this.connected = connected;
    this.failed = failed;
  }

  public String getIncarnation() {
    return incarnation;
  }

  /** Notes which process of the node holds the slice; the master tells a restart by it. */
  public void setIncarnation(String incarnation) {
    this.incarnation = incarnation;
  }

  /** Composite key (run, node). */
  public static class Key implements Serializable {
    private long runId;
    private String nodeId;

    public Key() {}

    public Key(long runId, String nodeId) {
      this.runId = runId;
      this.nodeId = nodeId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.runId == runId && Objects.equals(k.nodeId, nodeId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, nodeId);
    }
  }
}
