package io.vox.it;

import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Waits for the Payara Micro processes (only those: MariaDB is a child too) after each test class:
 * the Arquillian adapter only sends SIGTERM, and a Payara still shutting down when the broker stops
 * hangs for minutes.
 */
public class PayaraReaper implements TestExecutionListener {
  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent()) {
      awaitChildren();
    }
  }

  static void awaitChildren() {
    ProcessHandle.current()
        .children()
        .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
        .forEach(
            p -> {
              try {
                p.onExit().get(60, TimeUnit.SECONDS);
              } catch (Exception e) {
                p.destroyForcibly();
              }
            });
  }
}
