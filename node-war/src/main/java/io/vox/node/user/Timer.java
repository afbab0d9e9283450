package io.vox.node.user;

/**
 * Runs tasks after a delay, for think times, arrivals and deadlines: a timer wheel, so a million
 * pending pauses are a million small entries, not a million scheduled futures.
 */
public interface Timer {
  /** Runs {@code task} once, about {@code delayMs} from now, on a thread of the timer. */
  void schedule(long delayMs, Runnable task);
}
