package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The results of one action that started in one second (epoch seconds of their start), summed up by
 * the collector as it stores their rows: results, errors, and the sum and max of the successful
 * ones' latencies. Results per second then read a few rows per second of the run instead of
 * grouping millions of result rows (a 10M-row run: 17.5 s → milliseconds).
 */
@Entity
@Table(name = "vox_second")
@IdClass(SecondStat.Key.class)
public class SecondStat {
  @Id
  @Column(name = "run_id")
  private long runId;

  @Id private int action;

  @Id
  @Column(name = "at_second")
  private long second;

  @Column(nullable = false)
  private long results;

  @Column(nullable = false)
  private long errors;

  @Column(name = "latency_sum_us", nullable = false)
  private long latencySumUs;

  @Column(name = "latency_max_us", nullable = false)
  private long latencyMaxUs;

  protected SecondStat() {}

  public long getRunId() {
    return runId;
  }

  public int getAction() {
    return action;
  }

  public long getSecond() {
    return second;
  }

  public long getResults() {
    return results;
  }

  public long getErrors() {
    return errors;
  }

  public long getLatencySumUs() {
    return latencySumUs;
  }

  public long getLatencyMaxUs() {
    return latencyMaxUs;
  }

  /** Composite key (run, action, second). */
  public static class Key implements Serializable {
    private long runId;
    private int action;
    private long second;

    public Key() {}

    public Key(long runId, int action, long second) {
      this.runId = runId;
      this.action = action;
      this.second = second;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.runId == runId && k.action == action && k.second == second;
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, action, second);
    }
  }
}
