package io.vox.messaging.actor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An object with private state and a mailbox. {@link #tell} never blocks; the actor runs on its
 * executor only while its mailbox has messages, never on two threads at once, and at most {@code
 * throughput} messages per turn before it yields the thread. A message that throws is handed to
 * {@link #onFailure} and the actor goes on with the next one (supervision by the actor itself).
 *
 * @param <M> the messages this actor takes
 */
public abstract class Actor<M> implements Runnable {
  private final Queue<M> mailbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final int throughput;
  private final ActorStats stats;

  protected Actor(Executor executor, int throughput, ActorStats stats) {
    if (throughput < 1) {
      throw new IllegalArgumentException("throughput must be at least 1, was " + throughput);
    }
    this.executor = executor;
    this.throughput = throughput;
    this.stats = stats;
  }

  /** Enqueues {@code message} and schedules the actor if it is idle. Safe from any thread. */
  public final void tell(M message) {
    mailbox.offer(message);
    trySchedule();
  }

  /** Handles one message; runs on the executor, one message at a time. */
  protected abstract void receive(M message);

  /** Called when {@link #receive} throws; the default counts it. Must not throw. */
  protected void onFailure(M message, RuntimeException failure) {
    stats.failed();
  }

  @Override
  public final void run() {
    try {
      for (int i = 0; i < throughput; i++) {
        M message = mailbox.poll();
        if (message == null) {
          break;
        }
        try {
          receive(message);
        } catch (RuntimeException e) {
          onFailure(message, e);
        }
      }
    } finally {
      scheduled.set(false);
      trySchedule(); // a message that arrived after the last poll is never left behind
    }
  }

  private void trySchedule() {
    if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        stats.rejected();
      }
    }
  }
}
