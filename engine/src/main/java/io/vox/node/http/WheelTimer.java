package io.vox.node.http;

import io.netty.util.HashedWheelTimer;
import io.vox.node.user.Timer;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The node's {@link Timer}: Netty's hashed wheel, ticking every millisecond. */
public final class WheelTimer implements Timer, AutoCloseable {
  private final HashedWheelTimer wheel;

  public WheelTimer(ThreadFactory threadFactory) {
    wheel = new HashedWheelTimer(threadFactory, 1, TimeUnit.MILLISECONDS, 1024);
    wheel.start();
  }

  @Override
  public void schedule(long delayMs, Runnable task) {
    wheel.newTimeout(t -> task.run(), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    wheel.stop();
  }
}
