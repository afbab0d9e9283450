package io.vox.node.user;

/**
 * This node's clock offset to the master's, estimated as NTP does from the heartbeats the master
 * echoes: a heartbeat leaves at {@code t0} (node clock), reaches the master at {@code t1} (master
 * clock), its echo leaves at {@code t2} (master) and arrives at {@code t3} (node). Then the offset
 * is {@code ((t1 - t0) + (t2 - t3)) / 2}, exact when both ways take as long, and wrong by at most
 * half the time spent on the way, {@code ((t3 - t0) - (t2 - t1)) / 2}, its error bound. Of the last
 * {@link #KEPT} exchanges of the last {@link #MAX_AGE_MS} the one with the smallest bound wins
 * (NTP's clock filter): a broker busy for a moment widens one exchange, not the estimate, and a
 * node that hears no echo any more soon has no estimate rather than a stale one. Thread-safe.
 */
public final class ClockOffset {
  static final int KEPT = 8;

  /** Exchanges older than this (on the node's clock) no longer count: clocks drift. */
  static final long MAX_AGE_MS = 60_000;

  /** An estimate less sure than this is not used to place a user's start. */
  static final long MAX_ERROR_MS = io.vox.messaging.ClockEchoes.USABLE_ERROR_MS;

  /**
   * How far the master's clock is ahead of this node's and within what (ms; -1: no estimate), and
   * whether that is sure enough to place users' starts by.
   */
  public record Estimate(long offsetMs, long errorMs) {
    static final Estimate NONE = new Estimate(0, -1);

    public boolean usable() {
      return errorMs >= 0 && errorMs <= MAX_ERROR_MS;
    }
  }

  private final long[] offsets = new long[KEPT];
  private final long[] errors = new long[KEPT];
  private final long[] at = new long[KEPT];
  private int count;
  private int next;

  /** Adds one exchange (ms); one whose stamps contradict each other is ignored. */
  public synchronized void exchange(long t0, long t1, long t2, long t3) {
    long onTheWay = (t3 - t0) - (t2 - t1);
    if (t3 < t0 || t2 < t1 || onTheWay < 0) {
      return;
    }
    offsets[next] = Math.floorDiv((t1 - t0) + (t2 - t3), 2);
    errors[next] = (onTheWay + 1) / 2;
    at[next] = t3;
    next = (next + 1) % KEPT;
    count = Math.min(count + 1, KEPT);
  }

  /** The estimate as of {@code nowMs} on this node's clock. */
  public synchronized Estimate estimate(long nowMs) {
    int best = -1;
    for (int i = 0; i < count; i++) {
      if (nowMs - at[i] <= MAX_AGE_MS && (best < 0 || errors[i] < errors[best])) {
        best = i;
      }
    }
    return best < 0 ? Estimate.NONE : new Estimate(offsets[best], errors[best]);
  }
}
