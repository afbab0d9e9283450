package io.vox.bench;

import io.vox.messaging.actor.Actor;
import io.vox.messaging.actor.ActorStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
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
 * Round trips per second between two actors on a 2-thread ForkJoinPool, against the reference: two
 * platform threads bouncing a token through SynchronousQueues.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class PingPongBenchmark {
  static final int BOUNCES = 10_000;

  /** Sends each ball back until it has bounced {@code BOUNCES} times. */
  static final class Player extends Actor<Integer> {
    Player other;
    CountDownLatch done;

    Player(java.util.concurrent.Executor executor) {
      super(executor, 32, new ActorStats());
    }

    @Override
    protected void receive(Integer bounces) {
      if (bounces == BOUNCES) {
        done.countDown();
      } else {
        other.tell(bounces + 1);
      }
    }
  }

  private ForkJoinPool pool;
  private Player a;
  private Player b;

  @Setup
  public void start() {
    pool = new ForkJoinPool(2, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
    a = new Player(pool);
    b = new Player(pool);
    a.other = b;
    b.other = a;
  }

  @TearDown
  public void stop() {
    pool.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(BOUNCES)
  public void actors() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    a.done = done;
    b.done = done;
    a.tell(0);
    done.await();
  }

  @Benchmark
  @OperationsPerInvocation(BOUNCES)
  public void referenceThreads() throws InterruptedException {
    SynchronousQueue<Integer> ping = new SynchronousQueue<>();
    SynchronousQueue<Integer> pong = new SynchronousQueue<>();
    Thread other =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < BOUNCES / 2; i++) {
                  pong.put(ping.take() + 1);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    other.start();
    int ball = 0;
    for (int i = 0; i < BOUNCES / 2; i++) {
      ping.put(ball);
      ball = pong.take() + 1;
    }
    other.join();
  }
}
