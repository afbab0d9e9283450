package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A candidate for an action's slowest users: the collector keeps the {@link #KEPT} slowest
 * successful results of each action of each batch here, beside their rows of {@link ResultRow}. The
 * slowest {@code n <= KEPT} of an action are among them (each of those is among the slowest {@code
 * KEPT} of its own batch), so the report reads a few thousand keys in latency order instead of an
 * action's million rows. The key is in that order; there is no other index.
 */
@Entity
@Table(name = "vox_slow")
@IdClass(SlowRow.Key.class)
public class SlowRow {
  /** Results kept per action and batch: the largest {@code limit} answered from this table. */
  public static final int KEPT = 100;

  @Id
  @Column(name = "run_id")
  private long runId;

  @Id private int action;

  @Id
  @Column(name = "latency_us")
  private long latencyUs;

  @Id
  @Column(name = "user_id")
  private long userId;

  protected SlowRow() {}

  public long getRunId() {
    return runId;
  }

  public int getAction() {
    return action;
  }

  public long getLatencyUs() {
    return latencyUs;
  }

  public long getUserId() {
    return userId;
  }

  /** The composite key. */
  public static class Key implements Serializable {
    private long runId;
    private int action;
    private long latencyUs;
    private long userId;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.runId == runId
          && k.action == action
          && k.latencyUs == latencyUs
          && k.userId == userId;
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, action, latencyUs, userId);
    }
  }
}
