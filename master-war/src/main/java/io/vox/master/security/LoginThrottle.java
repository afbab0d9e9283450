package io.vox.master.security;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Slows password guessing down, per user name (known or not, so that its answers do not tell which
 * names exist). A name may make {@code maxAttempts} failed logins; the attempt that reaches that
 * count locks it for {@code lockMs}, each further attempt for twice as long as the one before, up
 * to {@code windowMs}. While it is locked, its attempts are refused at once, the password unchecked
 * (a right one too), and count for nothing. A name's count is forgotten once it has been quiet (no
 * failure, no lock) for {@code windowMs}.
 *
 * <p>An attempt is counted when it starts, so that guesses sent in parallel cannot all pass before
 * the first failures are counted, and uncounted when its password was right ({@link #succeeded}): a
 * user's own logins never lock them out. At most about {@code capacity} names are kept: past that,
 * the ones that may be forgotten are, then the one whose lock ends first.
 */
public final class LoginThrottle {
  private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());
  private static final int LONGEST_KEY = 128;

  private record Entry(int attempts, long lastFailureMs, long lockedUntilMs) {}

  private final Map<String, Entry> names = new ConcurrentHashMap<>();
  private final int maxAttempts;
  private final long lockMs;
  private final long windowMs;
  private final int capacity;
  private final LongSupplier clockMs;
  private final LongAdder failures = new LongAdder();
  private final LongAdder refusals = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  /**
   * @param clockMs milliseconds from any fixed origin, never going back
   * @throws IllegalArgumentException naming the first value out of range
   */
  public LoginThrottle(
      int maxAttempts, long lockMs, long windowMs, int capacity, LongSupplier clockMs) {
    if (maxAttempts < 1 || lockMs < 1 || windowMs < lockMs || capacity < 1) {
      throw new IllegalArgumentException(
          "login throttle: need at least 1 attempt (given "
              + maxAttempts
              + "), a lock of at least 1 ms (given "
              + lockMs
              + ") and a window no shorter than the lock (given "
              + windowMs
              + ")");
    }
    this.maxAttempts = maxAttempts;
    this.lockMs = lockMs;
    this.windowMs = windowMs;
    this.capacity = capacity;
    this.clockMs = clockMs;
  }

  /**
   * Counts a login attempt for {@code name} that is about to check its password. Returns 0 when it
   * may (then call {@link #succeeded} if the password is right, {@link #failed} if not), else the
   * milliseconds the name stays locked: refuse the attempt without checking anything.
   */
  public long attempt(String name) {
    long now = clockMs.getAsLong();
    String key = key(name);
    if (names.size() >= capacity && !names.containsKey(key)) {
      makeRoom(now);
    }
    long[] wait = {0};
    names.compute(
        key,
        (k, e) -> {
          if (e != null && now < e.lockedUntilMs) {
            wait[0] = e.lockedUntilMs - now;
            return e;
          }
          Entry streak = e == null || forgettable(e, now) ? null : e;
          int attempts = streak == null ? 1 : streak.attempts + 1;
          long last = streak == null ? now : streak.lastFailureMs;
          return new Entry(attempts, last, attempts >= maxAttempts ? now + lockFor(attempts) : 0);
        });
    if (wait[0] > 0) {
      refusals.increment();
    }
    return wait[0];
  }

  /** The attempt {@link #attempt} let through had the right password: it counts for nothing. */
  public void succeeded(String name) {
    names.computeIfPresent(
        key(name),
        (k, e) -> e.attempts <= 1 ? null : new Entry(e.attempts - 1, e.lastFailureMs, 0));
  }

  /** The attempt {@link #attempt} let through had a wrong name or password. */
  public void failed(String name) {
    failures.increment();
    long now = clockMs.getAsLong();
    names.computeIfPresent(key(name), (k, e) -> new Entry(e.attempts, now, e.lockedUntilMs));
  }

  /** Logins refused for a wrong name or password since start. */
  public long failures() {
    return failures.sum();
  }

  /** Attempts refused at once since start, their name being locked. */
  public long refusals() {
    return refusals.sum();
  }

  /** Names forgotten while still counted or locked, to keep within capacity, since start. */
  public long evictions() {
    return evictions.sum();
  }

  /** Names locked now. */
  public long locked() {
    long now = clockMs.getAsLong();
    return names.values().stream().filter(e -> now < e.lockedUntilMs).count();
  }

  private long lockFor(int attempts) {
    long lock = lockMs;
    for (int i = maxAttempts; i < attempts && lock < windowMs; i++) {
      lock *= 2;
    }
    return Math.min(lock, windowMs);
  }

  private boolean forgettable(Entry e, long now) {
    return now - Math.max(e.lastFailureMs, e.lockedUntilMs) >= windowMs;
  }

  private void makeRoom(long now) {
    names.values().removeIf(e -> forgettable(e, now));
    if (names.size() < capacity) {
      return;
    }
    names.entrySet().stream()
        .min(
            Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().lockedUntilMs)
                .thenComparingLong(e -> e.getValue().lastFailureMs))
        .ifPresent(
            soonest -> {
              if (names.remove(soonest.getKey(), soonest.getValue())) {
                evictions.increment();
                if (evictions.sum() == 1) {
                  LOG.warning(
                      "login throttle: "
                          + capacity
                          + " user names are failing to log in at once; forgetting the one whose"
                          + " lock ends first (logged once; metric vox_login_throttle_evictions)");
                }
              }
            });
  }

  /** The name, cut to a bounded size (no configured name is that long). */
  private static String key(String name) {
    return name == null ? "" : name.substring(0, Math.min(name.length(), LONGEST_KEY));
  }
}
