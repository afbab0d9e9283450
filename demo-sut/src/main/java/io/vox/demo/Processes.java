package io.vox.demo;

import java.util.concurrent.TimeUnit;

/** Ends the third-party servers the tests start (nginx, tinyproxy). */
final class Processes {
  private Processes() {}

  /** Ends {@code process}: politely first, forcibly after a grace period. */
  static void end(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
