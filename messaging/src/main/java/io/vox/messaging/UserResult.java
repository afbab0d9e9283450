package io.vox.messaging;

/**
 * What one user measured for one action. Times are epoch µs: {@code intendedUs} when the user was
 * told to act (the node received the command), plus the think times before its first request (they
 * are meant, not waits), {@code startUs} when its first request was written; {@code latencyUs} is
 * the sum of its requests' latencies (write to end of response), {@code queuedUs} the sum of the
 * times its later requests (every one after the first, redirect hops included) waited to be
 * written: for a pooled connection or an HTTP/2 stream, or while one opened. HTTP status is 0 when
 * no response came; the error is null on success. For an action that loops, the row sums up the
 * user's {@code loopIterations} (0 otherwise): {@code latencyUs} and {@code queuedUs} are their
 * means, {@code loopFailures} how many failed and {@code error} the last failure; each iteration's
 * latency went into the node's histograms on its own. {@code group} is the user's group (its index
 * in the plan's groups; 0 without groups).
 */
public record UserResult(
    long user,
    int action,
    long intendedUs,
    long startUs,
    long latencyUs,
    int status,
    String error,
    int loopIterations,
    int loopFailures,
    long queuedUs,
    int group) {
  /** A result of a user of the first (or the only) group. */
  public UserResult(
      long user,
      int action,
      long intendedUs,
      long startUs,
      long latencyUs,
      int status,
      String error,
      int loopIterations,
      int loopFailures,
      long queuedUs) {
    this(
        user,
        action,
        intendedUs,
        startUs,
        latencyUs,
        status,
        error,
        loopIterations,
        loopFailures,
        queuedUs,
        0);
  }

  /** This result of a user of group {@code g}. */
  public UserResult inGroup(int g) {
    return g == group ? this : with(error, g);
  }

  /** This result with its error text passed through {@code mask} (a secret's value hidden). */
  public UserResult masked(java.util.function.UnaryOperator<String> mask) {
    String m = error == null ? null : mask.apply(error);
    return m == null || m.equals(error) ? this : with(m, group);
  }

  private UserResult with(String error, int group) {
    return new UserResult(
        user,
        action,
        intendedUs,
        startUs,
        latencyUs,
        status,
        error,
        loopIterations,
        loopFailures,
        queuedUs,
        group);
  }

  /** A result of one pass through an action's steps (not a loop). */
  public static UserResult once(
      long user,
      int action,
      long intendedUs,
      long startUs,
      long latencyUs,
      int status,
      String error) {
    return new UserResult(user, action, intendedUs, startUs, latencyUs, status, error, 0, 0, 0);
  }

  public boolean ok() {
    return error == null;
  }

  /** Requests sequences this row stands for: its iterations, or 1. */
  public int requests() {
    return noRequest() ? 0 : loopIterations > 0 ? loopIterations : 1;
  }

  /**
   * Whether the user sent nothing in the action (a loop its user stages never reached, an
   * exitAction before the first request): a result, but no request and no latency. A node reports
   * at least 1 µs for any request it sent.
   */
  public boolean noRequest() {
    return error == null && latencyUs == 0 && status == 0;
  }

  /** How many of {@link #requests()} failed. */
  public int failures() {
    return loopIterations > 0 ? loopFailures : ok() ? 0 : 1;
  }

  /** {@link #correctedLatencyUs(long, long, long, long)} of this result. */
  public long correctedLatencyUs() {
    return correctedLatencyUs(intendedUs, startUs, latencyUs, queuedUs);
  }

  /**
   * Latency from the intended start (coordinated omission corrected): the requests' latencies plus
   * every wait before one could be written, e.g. for a pooled connection: before the first, from
   * {@code intendedUs} to {@code startUs}; before the others, {@code queuedUs}. A think time counts
   * in neither (it is the plan's, not the system's): one before the first request moved {@code
   * intendedUs}.
   */
  public static long correctedLatencyUs(
      long intendedUs, long startUs, long latencyUs, long queuedUs) {
    long fromIntended =
        intendedUs <= 0 ? latencyUs : Math.max(latencyUs, startUs + latencyUs - intendedUs);
    return fromIntended + queuedUs;
  }
}
