package io.vox.node.http;

import java.time.Instant;

/**
 * The wall clock requests are stamped with (µs since the epoch): the system's, shifted by what the
 * node was configured with (tests of a node whose clock is off; 0 elsewhere), so a request's start
 * and its user's intended start are on one clock.
 */
public final class WallClock {
  private static volatile long shiftUs;

  private WallClock() {}

  /** Shifts this process's request stamps by {@code ms}, as the node's own clock is. */
  public static void shift(long ms) {
    shiftUs = ms * 1000;
  }

  static long nowUs() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 + shiftUs;
  }
}
