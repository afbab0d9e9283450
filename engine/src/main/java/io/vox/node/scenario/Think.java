package io.vox.node.scenario;

import java.util.random.RandomGenerator;

/** A compiled think time: constant, uniform or exponential (capped at ten times the mean). */
public final class Think {
  private final long minMs;
  private final long maxMs;
  private final double meanMs;

  private Think(long minMs, long maxMs, double meanMs) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.meanMs = meanMs;
  }

  static Think of(io.vox.messaging.scenario.Think t) {
    if (t.ms() != null) {
      return new Think(t.ms(), t.ms(), 0);
    }
    if (t.meanMs() != null) {
      return new Think(0, 10L * t.meanMs(), t.meanMs());
    }
    return new Think(t.minMs(), t.maxMs(), 0);
  }

  /** The pause to take now, in ms. */
  public long sampleMs(RandomGenerator random) {
    if (meanMs > 0) {
      double ms = -meanMs * Math.log(1 - random.nextDouble());
      return Math.min(maxMs, Math.round(ms));
    }
    return minMs == maxMs ? minMs : random.nextLong(minMs, maxMs + 1);
  }
}
