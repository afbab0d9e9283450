package io.vox.node.user;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A run's user actors that threw: the first {@code limit} logged with the user and the stack trace
 * (a bug shows where it is without flooding the log when every user hits it), then one line saying
 * the rest are counted only. Each such user's result already says {@code user failed}.
 */
final class FailureLog {
  private final Logger log;
  private final String who;
  private final int limit;
  private final AtomicInteger count = new AtomicInteger();
  private final java.util.function.UnaryOperator<String> mask;

  /**
   * @param who what the lines start with, e.g. {@code run=7 node=n1}
   * @param mask hides the run's secrets in a failure's message (a URL it could not parse...)
   */
  FailureLog(Logger log, String who, int limit, java.util.function.UnaryOperator<String> mask) {
    this.log = log;
    this.who = who;
    this.limit = limit;
    this.mask = mask;
  }

  /** Counts a failure of {@code user} handling {@code message}; logs it while under the limit. */
  void failed(long user, Object message, RuntimeException failure) {
    int n = count.incrementAndGet();
    if (n <= limit) {
      String text = String.valueOf(failure);
      Throwable logged = failure;
      if (!mask.apply(text).equals(text)) {
        logged = new RuntimeException(mask.apply(text)); // its cause would print the secret
        logged.setStackTrace(failure.getStackTrace());
      }
      log.log(
          Level.WARNING,
          logged,
          () ->
              who
                  + " user="
                  + user
                  + " failed handling "
                  + message.getClass().getSimpleName()
                  + " (failure "
                  + n
                  + "; the first "
                  + limit
                  + " of the run are logged)");
    } else if (n == limit + 1) {
      log.warning(() -> who + ": more users failed; further failures are counted, not logged");
    }
  }

  /** Failures so far. */
  int count() {
    return count.get();
  }
}
