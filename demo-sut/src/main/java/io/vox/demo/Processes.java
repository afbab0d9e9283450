package io.vox.demo;

import java.util.concurrent.TimeUnit;

/** Ends the third-party servers the tests start (nginx, tinyproxy). */
final class Processes {
  private Processes() {}

  /**
   * Ends {@code process} when this JVM exits, should its owner never close it (a test JVM ended by
   * a timeout, say): an nginx left behind holds its ports for good.
   */
  static Process endAtExit(Process process) {
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "end-" + process.pid()));
    return process;
  }

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
