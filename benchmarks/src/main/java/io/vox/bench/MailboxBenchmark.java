package io.vox.bench;

import io.vox.messaging.actor.Actor;
import io.vox.messaging.actor.ActorStats;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second from one sender to one actor on a 2-thread ForkJoinPool (tell, mailbox, run),
 * against the reference: the same work handed to a 2-thread ThreadPoolExecutor as one task per
 * message. Both wait until every message of the invocation was handled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class MailboxBenchmark {
  static final int BATCH = 10_000;

  /** Counts what it receives; only its own thread writes the counter. */
  static final class Counter extends Actor<Object> {
    volatile long handled;

    Counter(java.util.concurrent.Executor executor) {
      super(executor, 32, new ActorStats());
    }

    @Override
    protected void receive(Object message) {
      handled++;
    }
  }

  private static final Object MESSAGE = new Object();
  private ForkJoinPool pool;
  private ThreadPoolExecutor executor;
  private Counter actor;
  private final java.util.concurrent.atomic.AtomicLong tasksHandled =
      new java.util.concurrent.atomic.AtomicLong();
  private final Runnable task = tasksHandled::incrementAndGet;

  @Setup
  public void start() {
    pool = new ForkJoinPool(2, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
    executor = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    actor = new Counter(pool);
  }

  @TearDown
  public void stop() {
    pool.shutdown();
    executor.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long actorTell() {
    long target = actor.handled + BATCH;
    for (int i = 0; i < BATCH; i++) {
      actor.tell(MESSAGE);
    }
    while (actor.handled < target) {
      Thread.onSpinWait();
    }
    return actor.handled;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long referenceExecutorHandOff() {
    long target = tasksHandled.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      executor.execute(task);
    }
    while (tasksHandled.get() < target) {
      Thread.onSpinWait();
    }
    return tasksHandled.get();
  }
}
