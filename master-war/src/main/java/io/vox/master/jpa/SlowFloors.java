package io.vox.master.jpa;

import io.vox.persistence.SlowRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per run and action, the {@code kept} highest latencies of the slowest-users candidates this
 * master committed to {@code vox_slow}. Once it knows {@code kept} of them, a result faster than
 * the lowest cannot be among the action's {@code kept} slowest, so the collector does not write it:
 * a 10M-row run wrote 180K candidates, each batch's 100 slowest per action, where after the first
 * batches only a few of each batch can still be among the slowest.
 *
 * <p>Only committed candidates count (a rolled-back batch's are not in the table), and forgetting
 * is always safe (it only means more candidates): past {@link #MAX_KEYS} runs and actions it starts
 * over. Thread-safe.
 */
@ApplicationScoped
public class SlowFloors {
  static final int MAX_KEYS = 10_000;

  private record Key(long runId, int action) {}

  // fields are reached through methods only: callers hold a CDI proxy, whose fields are not these
  private final int kept;
  private final Map<Key, PriorityQueue<Long>> top = new ConcurrentHashMap<>();

  public SlowFloors() {
    this(SlowRow.KEPT);
  }

  SlowFloors(int kept) {
    this.kept = kept;
  }

  /**
   * The latency a successful result of the action must reach to be a candidate: {@code
   * Long.MIN_VALUE} (any) while fewer than {@code kept} are known.
   */
  long floor(long runId, int action) {
    PriorityQueue<Long> q = top.get(new Key(runId, action));
    if (q == null) {
      return Long.MIN_VALUE;
    }
    synchronized (q) {
      return q.size() < kept ? Long.MIN_VALUE : q.peek();
    }
  }

  /** Candidates of the action with these latencies were committed. */
  void committed(long runId, int action, long[] latencies) {
    if (top.size() >= MAX_KEYS) {
      top.clear();
    }
    PriorityQueue<Long> q = top.computeIfAbsent(new Key(runId, action), k -> new PriorityQueue<>());
    synchronized (q) {
      for (long latency : latencies) {
        if (q.size() < kept) {
          q.add(latency);
        } else if (latency > q.peek()) {
          q.poll();
          q.add(latency);
        }
      }
    }
  }

  /** Forgets the run (deleted). */
  public void forget(long runId) {
    top.keySet().removeIf(k -> k.runId() == runId);
  }
}
