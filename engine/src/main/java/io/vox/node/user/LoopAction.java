package io.vox.node.user;

import io.vox.messaging.UserResult;

/**
 * A user's place in a loop action: when it ends, its pace, and what its iterations added up to,
 * reported as one result when the loop ends (iterations, failures, mean latency, the last error).
 * Null outside of a loop, so a bulk action's user pays nothing.
 */
final class LoopAction {
  private long endUs;
  private final long pacingUs;
  private long actionIntendedUs; // moved by the think times before its first request
  private long firstStartUs;
  private int iterations;
  private int failures;
  private long latencySumUs;
  private long queuedSumUs;
  private String lastError;
  private int lastStatus;
  private boolean waiting;
  private final long[] windowsUs; // user stages: when the user is active, [start, end) pairs

  LoopAction(long endUs, long pacingUs, long actionIntendedUs) {
    this(endUs, pacingUs, actionIntendedUs, null);
  }

  /**
   * A loop whose user is active only within {@code windowsUs} (epoch µs, [start, end) pairs in
   * order; see {@code Action.activeWindowsMs}): an iteration under way when its window closes ends
   * as usual (a graceful leave), and the next waits for the next window.
   */
  LoopAction(long endUs, long pacingUs, long actionIntendedUs, long[] windowsUs) {
    this.endUs =
        windowsUs == null || windowsUs.length == 0 ? endUs : windowsUs[windowsUs.length - 1];
    this.pacingUs = pacingUs;
    this.actionIntendedUs = actionIntendedUs;
    this.windowsUs = windowsUs;
  }

  /**
   * Adds an iteration that started at {@code startUs} and ended with {@code error} (null: it
   * passed); {@code thinkFirstUs}, the think times before its first request, moves the loop's
   * intended start the first time.
   */
  void counted(
      String error, long startUs, long thinkFirstUs, long latencyUs, long queuedUs, int status) {
    iterations++;
    if (error != null) {
      failures++;
      lastError = error;
    }
    if (firstStartUs == 0) {
      firstStartUs = startUs;
      actionIntendedUs += thinkFirstUs;
    }
    latencySumUs += latencyUs;
    queuedSumUs += queuedUs;
    lastStatus = status;
  }

  /**
   * When the iteration after one intended at {@code intendedUs} is due (a pace keeps its schedule;
   * without one, now), or -1 when the loop is over.
   */
  long nextUs(long intendedUs, long nowUs) {
    long next = pacingUs > 0 ? intendedUs + pacingUs : nowUs;
    if (nowUs >= endUs || next >= endUs) {
      return -1;
    }
    if (windowsUs != null) {
      long due = Math.max(next, nowUs); // a paced user behind its schedule goes now
      for (int i = 0; i < windowsUs.length; i += 2) {
        if (due < windowsUs[i + 1]) {
          return due < windowsUs[i] ? windowsUs[i] : next; // in a window, or when one opens
        }
      }
      return -1;
    }
    return next;
  }

  /** No iteration starts after the current one (the action's maxDurationMs passed). */
  /** When the loop ends, epoch µs (0 once stopped). */
  long endUs() {
    return endUs;
  }

  void stop() {
    endUs = 0;
  }

  /** Whether the user waits for its next iteration (nothing in flight). */
  boolean waiting() {
    return waiting;
  }

  void waiting(boolean w) {
    waiting = w;
  }

  /** The loop's one result: its first start, mean latency and queue wait, counts, last error. */
  UserResult result(long user, int action, long nowUs) {
    long mean = iterations == 0 ? 0 : Math.max(1, latencySumUs / iterations);
    long queuedMean = iterations == 0 ? 0 : queuedSumUs / iterations;
    return new UserResult(
        user,
        action,
        actionIntendedUs,
        firstStartUs == 0 ? nowUs : firstStartUs,
        mean,
        lastStatus,
        lastError,
        iterations,
        failures,
        queuedMean);
  }
}
