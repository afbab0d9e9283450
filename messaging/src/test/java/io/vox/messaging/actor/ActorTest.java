package io.vox.messaging.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActorTest {
  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 10_000;

  /** Records messages; checks that two threads never run it at once. */
  static final class Probe extends Actor<long[]> {
    final AtomicInteger inside = new AtomicInteger();
    final long[] lastSeq = new long[PRODUCERS];
    volatile boolean overlapped;
    volatile boolean outOfOrder;
    final CountDownLatch done;

    Probe(java.util.concurrent.Executor executor, int throughput, CountDownLatch done) {
      super(executor, throughput, new ActorStats());
      this.done = done;
      java.util.Arrays.fill(lastSeq, -1);
    }

    @Override
    protected void receive(long[] m) {
      if (inside.incrementAndGet() != 1) {
        overlapped = true;
      }
      int producer = (int) m[0];
      if (m[1] != lastSeq[producer] + 1) {
        outOfOrder = true;
      }
      lastSeq[producer] = m[1];
      inside.decrementAndGet();
      done.countDown();
    }
  }

  @Test
  void keepsPerProducerOrderAndNeverRunsTwiceAtOnce() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(4);
    CountDownLatch done = new CountDownLatch(PRODUCERS * PER_PRODUCER);
    Probe probe = new Probe(pool, 3, done);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      long id = p;
      Thread t =
          new Thread(
              () -> {
                for (long i = 0; i < PER_PRODUCER; i++) {
                  probe.tell(new long[] {id, i});
                }
              });
      t.start();
      producers.add(t);
    }
    for (Thread t : producers) {
      t.join();
    }
    assertTrue(done.await(30, TimeUnit.SECONDS), "all messages handled");
    assertTrue(!probe.overlapped, "run() overlapped on two threads");
    assertTrue(!probe.outOfOrder, "a producer's messages were reordered");
    for (long last : probe.lastSeq) {
      assertEquals(PER_PRODUCER - 1, last);
    }
    pool.shutdown();
  }

  @Test
  void yieldsTheThreadAfterThroughputMessages() {
    List<Runnable> turns = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(10);
    Probe probe = new Probe(turns::add, 4, done);
    for (long i = 0; i < 10; i++) {
      probe.tell(new long[] {0, i});
    }
    assertEquals(1, turns.size(), "scheduled once while busy");
    turns.remove(0).run(); // 4 messages, then re-scheduled
    assertEquals(6, done.getCount());
    assertEquals(1, turns.size());
    turns.remove(0).run();
    turns.remove(0).run();
    assertEquals(0, done.getCount());
    assertTrue(turns.isEmpty(), "idle actor is not scheduled");
  }

  @Test
  void aFailingMessageIsCountedAndTheNextOneStillRuns() throws Exception {
    ActorStats stats = new ActorStats();
    ExecutorService one = Executors.newSingleThreadExecutor();
    CountDownLatch handled = new CountDownLatch(1);
    Actor<String> actor =
        new Actor<>(one, 10, stats) {
          @Override
          protected void receive(String m) {
            if (m.equals("boom")) {
              throw new IllegalStateException("boom");
            }
            handled.countDown();
          }
        };
    actor.tell("boom");
    actor.tell("ok");
    assertTrue(handled.await(5, TimeUnit.SECONDS));
    assertEquals(1, stats.failures());
    one.shutdown();
  }

  @Test
  void aRejectingExecutorIsCountedAndTheActorCanBeScheduledAgain() {
    ActorStats stats = new ActorStats();
    AtomicInteger calls = new AtomicInteger();
    List<Runnable> accepted = new ArrayList<>();
    Actor<String> actor =
        new Actor<>(
            r -> {
              if (calls.getAndIncrement() == 0) {
                throw new RejectedExecutionException("full");
              }
              accepted.add(r);
            },
            10,
            stats) {
          @Override
          protected void receive(String m) {}
        };
    actor.tell("a");
    assertEquals(1, stats.rejections());
    actor.tell("b");
    assertEquals(1, accepted.size(), "flag was reset after the rejection");
  }
}
