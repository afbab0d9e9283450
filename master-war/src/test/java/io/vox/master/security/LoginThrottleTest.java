package io.vox.master.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final long LOCK = 30_000;
  private static final long WINDOW = 900_000;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoginThrottle throttle = new LoginThrottle(5, LOCK, WINDOW, 100, now::get);

  /** {@code n} attempts of {@code name} that are let through and fail. */
  private void fail(String name, int n) {
    for (int i = 0; i < n; i++) {
      assertEquals(0, throttle.attempt(name), name + "'s attempt " + (i + 1) + " let through");
      throttle.failed(name);
    }
  }

  @Test
  void theSixthAttemptAfterFiveFailuresIsRefusedForTheLock() {
    fail("ops", 5);
    now.addAndGet(1_000);
    assertEquals(LOCK - 1_000, throttle.attempt("ops"), "refused, the rest of the lock to wait");
    assertEquals(1, throttle.refusals());
    assertEquals(5, throttle.failures());
    assertEquals(1, throttle.locked());
    now.addAndGet(LOCK - 1_000);
    assertEquals(0, throttle.attempt("ops"), "let through once the lock is over");
  }

  @Test
  void eachFurtherFailureDoublesTheLockUpToTheWindow() {
    fail("ops", 5);
    List<Long> locks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long lock = throttle.attempt("ops");
      locks.add(lock);
      now.addAndGet(lock);
      fail("ops", 1);
    }
    assertEquals(
        List.of(30_000L, 60_000L, 120_000L, 240_000L, 480_000L, 900_000L, 900_000L, 900_000L),
        locks);
  }

  @Test
  void aRightPasswordCountsForNothing() {
    for (int i = 0; i < 100; i++) {
      assertEquals(0, throttle.attempt("ops"));
      throttle.succeeded("ops");
    }
    fail("ops", 4);
    assertEquals(0, throttle.attempt("ops"), "the fifth: let through (it locks, if wrong)");
    throttle.succeeded("ops");
    assertEquals(0, throttle.attempt("ops"), "a user's own right password never locks them out");
    throttle.failed("ops");
    assertEquals(LOCK, throttle.attempt("ops"), "five failures now");
  }

  @Test
  void failuresAreForgottenAfterAQuietWindow() {
    fail("ops", 4);
    now.addAndGet(WINDOW - 1);
    fail("ops", 1);
    assertEquals(LOCK, throttle.attempt("ops"), "not yet forgotten: five");
    now.addAndGet(LOCK + WINDOW - 1);
    fail("ops", 1); // a lock's end starts the quiet window: still counted (the sixth)
    assertEquals(2 * LOCK, throttle.attempt("ops"));
    now.addAndGet(2 * LOCK + WINDOW);
    fail("ops", 4);
    assertEquals(0, throttle.locked(), "quiet for a window: a new count");
  }

  @Test
  void aUsersOwnLoginsDoNotKeepOldFailuresAlive() {
    fail("ops", 4);
    for (int i = 0; i < 10; i++) {
      now.addAndGet(WINDOW / 5);
      assertEquals(0, throttle.attempt("ops"));
      throttle.succeeded("ops");
    }
    fail("ops", 4);
    assertEquals(0, throttle.attempt("ops"), "the old four forgotten: this is the fifth");
  }

  @Test
  void namesAreCountedApartKnownOrNot() {
    fail("nobody", 5);
    assertTrue(throttle.attempt("nobody") > 0, "an unknown name is throttled like a known one");
    assertEquals(0, throttle.attempt("ops"));
    assertEquals(0, throttle.attempt("x".repeat(100_000)), "any name, however long");
  }

  @Test
  void guessesSentInParallelGetNoMoreThanFiveThrough() throws InterruptedException {
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicInteger through = new AtomicInteger();
    for (int i = 0; i < threads; i++) {
      new Thread(
              () -> {
                try {
                  start.await();
                  if (throttle.attempt("ops") == 0) {
                    through.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    start.countDown();
    done.await();
    assertEquals(5, through.get(), "counted as they start, not once they have failed");
  }

  @Test
  void pastItsCapacityItForgetsTheForgettableThenTheLockThatEndsFirst() {
    LoginThrottle small = new LoginThrottle(1, LOCK, WINDOW, 2, now::get);
    assertEquals(0, small.attempt("a")); // locked until now + LOCK
    now.addAndGet(1);
    assertEquals(0, small.attempt("b")); // locked a millisecond later
    assertEquals(0, small.attempt("c")); // full: a's lock ends first, a goes
    assertEquals(1, small.evictions());
    assertEquals(0, small.attempt("a"), "forgotten");
    assertTrue(small.attempt("c") > 0, "c stays locked");

    now.addAndGet(2 * WINDOW);
    assertEquals(0, small.attempt("d"));
    assertEquals(0, small.attempt("e"));
    assertEquals(2, small.evictions(), "names past their window go without counting");
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(0, 1, 1, 1, now::get));
    assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, 10, 9, 1, now::get));
  }
}
