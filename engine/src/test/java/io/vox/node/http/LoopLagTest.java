package io.vox.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagTest {
  @Test
  void samplesFallInTheirBuckets() {
    LoopLag lag = new LoopLag();
    lag.record(500); // le 1 ms
    lag.record(1_000); // le 1 ms: bounds are inclusive
    lag.record(30_000); // le 50 ms
    lag.record(5_000_000); // past 1 s
    long[] c = lag.cumulative();
    assertEquals(2, c[0]);
    assertEquals(2, c[LoopLag.BOUNDS_US.indexOf(25_000L)]);
    assertEquals(3, c[LoopLag.BOUNDS_US.indexOf(50_000L)]);
    assertEquals(4, c[c.length - 1]);
    assertEquals(5.0315, lag.sumSeconds(), 1e-9);
  }

  @Test
  void aBlockedLoopShowsItsLag() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      LoopLag lag = new LoopLag();
      lag.watch(loop);
      // hold the loop well past the task's due time, then let a few more ticks come
      CountDownLatch held = new CountDownLatch(1);
      loop.execute(
          () -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            held.countDown();
          });
      assertTrue(held.await(10, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lag.cumulative()[LoopLag.BOUNDS_US.size()] < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long[] c = lag.cumulative();
      long late = c[c.length - 1] - c[LoopLag.BOUNDS_US.indexOf(100_000L)];
      assertTrue(late >= 1, "a tick that waited over 100 ms is counted there");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStallCountsTheTicksItKeptFromRunning() {
    LoopLag lag = new LoopLag();
    // a tick 1 s late, and the 49 due after it that it held up: 980 ms late, 960 ms, ... 20 ms
    lag.recordWithMissed(1_000_000);
    long[] c = lag.cumulative();
    assertEquals(50, c[c.length - 1]);
    assertEquals(0, c[0], "none within 1 ms");
    assertEquals(1, c[LoopLag.BOUNDS_US.indexOf(25_000L)], "20 ms");
    assertEquals(12, c[LoopLag.BOUNDS_US.indexOf(250_000L)], "20 ms to 240 ms");
    assertEquals(50, c[LoopLag.BOUNDS_US.indexOf(1_000_000L)]);
  }
}
