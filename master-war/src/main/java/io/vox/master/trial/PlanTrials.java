package io.vox.master.trial;

import io.vox.master.run.RunPlan;
import io.vox.node.trial.LocalRun;
import io.vox.node.trial.TracePrinter;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * Runs a plan on the master for a few users with the node's own engine, as {@code vox try} does in
 * the CLI, and returns the trace: what the plan editor's Try button and {@code POST /api/plans/try}
 * show. Bounded: at most {@link #MAX_USERS} users, {@link #CAP_MS} per phase, and {@link #AT_ONCE}
 * trials at a time, so a plan author cannot turn the master into a load generator.
 */
@ApplicationScoped
public class PlanTrials {
  public static final int MAX_USERS = 5;
  public static final long CAP_MS = 60_000;
  public static final int MAX_TRACE = 1 << 20;
  static final int AT_ONCE = 2;
  private static final int BODY_CHARS = 600;

  private final Semaphore slots = new Semaphore(AT_ONCE);

  @Resource ManagedThreadFactory threads;

  /** What a trial did: whether every check passed, and the trace to show. */
  public record Trial(boolean passed, String trace) {}

  /**
   * Runs {@code plan} for {@code users} users, every action or only {@code action} (by name).
   *
   * @throws IllegalArgumentException for too many users or an action the plan lacks
   * @throws IllegalStateException when {@link #AT_ONCE} trials are running already
   */
  public Trial run(RunPlan plan, int users, String action) throws InterruptedException {
    if (users < 1 || users > MAX_USERS) {
      throw new IllegalArgumentException("users must be 1 to " + MAX_USERS);
    }
    if (!slots.tryAcquire()) {
      throw new IllegalStateException(
          AT_ONCE + " trials are running already; try again when one has ended");
    }
    Bounded text = new Bounded(MAX_TRACE);
    try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      plan.warnings().forEach(w -> out.println("Warning: " + w));
      ThreadFactory factory = threads == null ? Thread::new : threads;
      try (LocalRun run =
          new LocalRun(
              plan.target(),
              plan.requestTimeoutMs(),
              plan.maxDurationMs(),
              plan.scenario(),
              plan.params().secrets(),
              users,
              // the trace shows the headers and bodies that carry the secrets
              new TracePrinter(
                  out,
                  BODY_CHARS,
                  io.vox.messaging.scenario.Masker.of(plan.params().secrets().values())),
              factory,
              CAP_MS)) {
        boolean passed = run.run(action, out);
        out.println(passed ? "\nEvery check passed." : "\nA check failed (see above).");
        out.flush();
        return new Trial(passed, text.text());
      }
    } finally {
      slots.release();
    }
  }

  /** The trace, cut at a size: a loop action traced for a minute would print hundreds of MB. */
  private static final class Bounded extends java.io.OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;
    private long dropped;

    Bounded(int max) {
      this.max = max;
    }

    @Override
    public void write(int b) {
      if (kept.size() < max) {
        kept.write(b);
      } else {
        dropped++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int room = Math.max(0, Math.min(len, max - kept.size()));
      kept.write(b, off, room);
      dropped += len - room;
    }

    String text() {
      String t = kept.toString(StandardCharsets.UTF_8);
      return dropped == 0 ? t : t + "\n... (" + dropped + " more bytes of trace left out)\n";
    }
  }
}
