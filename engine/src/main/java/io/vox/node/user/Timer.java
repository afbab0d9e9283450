package io.vox.node.user;

/**
 * Runs a run's own tasks after a delay (ramp-up connects, open-model arrivals, action deadlines): a
 * timer wheel, so a million pending starts are a million small entries, not a million scheduled
 * futures. A user's think times and timeouts run on its lane ({@link HttpLane#schedule}).
 */
public interface Timer {
  /** Runs {@code task} once, about {@code delayMs} from now, on a thread of the timer. */
  void schedule(long delayMs, Runnable task);
}
