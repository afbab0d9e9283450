package io.vox.node.http;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How late the event loops run: each loop runs a task every {@link #PERIOD_MS} ms and notes how
 * long after its due time it ran. A loop busy with requests, checks or its own backlog runs it
 * late, and the latencies measured meanwhile are partly the generator's own; in buckets, for
 * Prometheus.
 */
public final class LoopLag {
  static final long PERIOD_MS = 20;

  /** Bucket upper bounds, µs: 1 ms to 1 s. */
  public static final List<Long> BOUNDS_US =
      List.of(1_000L, 2_500L, 5_000L, 10_000L, 25_000L, 50_000L, 100_000L, 250_000L, 1_000_000L);

  private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_US.size() + 1);
  private final LongAdder sumUs = new LongAdder();
  private volatile boolean stopped;
  private volatile java.util.function.LongConsumer listener = us -> {};

  /** Tells {@code l} each sample (µs late) as it is recorded, on the loop that took it. */
  public void listen(java.util.function.LongConsumer l) {
    listener = l;
  }

  /** Starts watching {@code loop}. */
  void watch(EventExecutor loop) {
    tick(loop, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
  }

  private void tick(EventExecutor loop, long dueNs) {
    if (stopped || loop.isShuttingDown()) {
      return;
    }
    try {
      schedule(loop, dueNs);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the loop is shutting down
    }
  }

  private void schedule(EventExecutor loop, long dueNs) {
    loop.schedule(
        () -> {
          long lateUs = Math.max(0, (System.nanoTime() - dueNs) / 1_000);
          recordWithMissed(lateUs);
          tick(loop, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
        },
        PERIOD_MS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Records a tick {@code lateUs} late and the ticks a stall that long kept from running (as
   * HdrHistogram's expected-interval correction does): a loop blocked for a second counts about 50
   * late samples, not one, so the p99 weighs stalls by their length.
   */
  void recordWithMissed(long lateUs) {
    long periodUs = PERIOD_MS * 1_000;
    record(lateUs);
    for (long missed = lateUs - periodUs, n = 0; missed > 0 && n < 3_000; missed -= periodUs, n++) {
      record(missed);
    }
  }

  void record(long lateUs) {
    int i = 0;
    while (i < BOUNDS_US.size() && lateUs > BOUNDS_US.get(i)) {
      i++;
    }
    counts.incrementAndGet(i);
    sumUs.add(lateUs);
    listener.accept(lateUs);
  }

  /** Cumulative counts per bound, the last of them all samples. */
  public long[] cumulative() {
    long[] c = new long[counts.length()];
    long n = 0;
    for (int i = 0; i < c.length; i++) {
      n += counts.get(i);
      c[i] = n;
    }
    return c;
  }

  public double sumSeconds() {
    return sumUs.sum() / 1e6;
  }

  void stop() {
    stopped = true;
  }
}
