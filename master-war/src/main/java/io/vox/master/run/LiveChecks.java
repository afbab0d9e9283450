package io.vox.master.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each running run's abortOnFail thresholds were last evaluated, so that they are evaluated
 * every {@link #EVERY_MS} and not on every tick, or less often when an evaluation costs more than a
 * twentieth of that (it merges every stored batch histogram of the actions, which grow with a long
 * run). Held by the master's runtime (the coordinator is made anew for each step); in memory only:
 * a master that restarts checks at its first tick.
 */
public final class LiveChecks {
  static final long EVERY_MS = 1_000;
  private static final int MAX_RUNS = 10_000;

  private record Check(long atMs, long intervalMs) {}

  private final Map<Long, Check> checks = new ConcurrentHashMap<>();

  /** Whether run {@code runId}'s thresholds are due at {@code nowMs}; if so, notes the check. */
  boolean due(long runId, long nowMs) {
    Check last = checks.get(runId);
    if (last != null && nowMs - last.atMs() < last.intervalMs()) {
      return false;
    }
    if (checks.size() >= MAX_RUNS) {
      checks.clear(); // runs that ended elsewhere; the running ones are checked again
    }
    checks.put(runId, new Check(nowMs, last == null ? EVERY_MS : last.intervalMs()));
    return true;
  }

  /** The check of run {@code runId} that was due took {@code tookMs}: space the next by it. */
  void took(long runId, long tookMs) {
    checks.computeIfPresent(runId, (id, c) -> new Check(c.atMs(), Math.max(EVERY_MS, 20 * tookMs)));
  }

  /** The run ended. */
  void forget(long runId) {
    checks.remove(runId);
  }
}
