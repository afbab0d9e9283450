package io.vox.bench;

import io.vox.messaging.Message;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import io.vox.node.user.HttpLane;
import io.vox.node.user.LaneFactory;
import io.vox.node.user.NodeEngine;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * Cost of spawning one connected user: a run of {@link #USERS} users on a node engine whose lane
 * answers each login at once (no network), from {@code StartRun} to the node's {@code NodeReady}.
 * That covers the actor, its mailbox, the session, the connect step's rendering and its JSON-path
 * extraction of the token. References in the same run: a platform thread per user (the
 * thread-per-user model), started and joined, doing nothing; and one empty task per user on a
 * 2-thread {@link ThreadPoolExecutor} putting a token in a fresh map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class SpawnBenchmark {
  static final int USERS = 10_000;
  static final int THREADS = 1_000;

  private NodeEngine engine;
  private final AtomicReference<CountDownLatch> ready = new AtomicReference<>();
  private long runId;
  private ThreadPoolExecutor pool;

  @Setup
  public void start() {
    Logger.getLogger("io.vox").setLevel(Level.WARNING); // a line per run would be timed too
    LaneFactory lanes =
        (target, timeout, connections, http2) ->
            new LaneFactory.Lanes() {
              final List<HttpLane> all = List.of(new UserFootprint.InstantLane());

              @Override
              public List<HttpLane> lanes() {
                return all;
              }

              @Override
              public void close() {}
            };
    engine =
        new NodeEngine(
            "n1",
            lanes,
            (run, r) -> {},
            e -> {
              if (e instanceof NodeReady) {
                ready.get().countDown();
              }
            },
            Runnable::run,
            (ms, task) -> {},
            Clock.systemUTC(),
            32);
    pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  }

  @TearDown
  public void stop() {
    engine.close();
    pool.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(USERS)
  public void voxUsers() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    ready.set(latch);
    long id = ++runId;
    engine.handle(
        new StartRun(
            Message.SCHEMA_VERSION,
            id,
            "http://127.0.0.1:1",
            1000,
            UserFootprint.scenario(),
            List.of(new NodeSlice("n1", 0, USERS)),
            java.util.Map.of()));
    latch.await();
    engine.handle(new StopRun(Message.SCHEMA_VERSION, id));
  }

  @Benchmark
  @OperationsPerInvocation(THREADS)
  public void platformThreadPerUser() throws InterruptedException {
    Thread[] threads = new Thread[THREADS];
    for (int i = 0; i < THREADS; i++) {
      threads[i] = new Thread(() -> {});
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  @Benchmark
  @OperationsPerInvocation(USERS)
  public void poolTaskPerUser() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(USERS);
    for (int i = 0; i < USERS; i++) {
      String user = Integer.toString(i);
      pool.execute(
          () -> {
            Map<String, String> session = new HashMap<>(4);
            session.put("token", "user-" + user + ".5f3a9c1e");
            done.countDown();
          });
    }
    done.await();
  }
}
