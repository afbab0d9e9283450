package io.vox.node.user;

/**
 * This node's clock offset to the master's, estimated as NTP does from the heartbeats the master
 * echoes: a heartbeat leaves at {@code t0} (node clock), reaches the master at {@code t1} (master
 * clock), its echo leaves at {@code t2} (master) and arrives at {@code t3} (node). Then the offset
 * is {@code ((t1 - t0) + (t2 - t3)) / 2}, exact when both ways take as long, and wrong by at most
 * half the time spent on the way, {@code ((t3 - t0) - (t2 - t1)) / 2}, its error bound. Of the last
 * {@link #KEPT} exchanges the one with the smallest bound wins (NTP's clock filter): a broker busy
 * for a moment widens one exchange, not the estimate. Thread-safe.
 */
public final class ClockOffset {
  static final int KEPT = 8;

  private final long[] offsets = new long[KEPT];
  private final long[] errors = new long[KEPT];
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
    next = (next + 1) % KEPT;
    count = Math.min(count + 1, KEPT);
  }

  /** How far the master's clock is ahead of this node's (ms); 0 while unknown. */
  public synchronized long offsetMs() {
    int best = best();
    return best < 0 ? 0 : offsets[best];
  }

  /** The bound of {@link #offsetMs()}'s error (ms), or -1 while there is no estimate. */
  public synchronized long errorMs() {
    int best = best();
    return best < 0 ? -1 : errors[best];
  }

  private int best() {
    int best = -1;
    for (int i = 0; i < count; i++) {
      if (best < 0 || errors[i] < errors[best]) {
        best = i;
      }
    }
    return best;
  }
}
