package io.vox.node.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A timer wheel owned by one event loop: think times, pacing and timeouts of the users pinned to
 * that loop. Tasks run on the loop itself, so a user's wake-up is no cross-thread hand-off (each of
 * which writes to the loop's eventfd); while anything is pending, one task ticks every millisecond.
 * A pending task costs one small entry, not a scheduled future. Use only from the loop.
 */
final class LoopWheel {
  private static final int SLOTS = 1024; // 1 ms each: ~1 s per turn, longer delays wait turns
  private final EventLoop loop;
  private final long startNanos = System.nanoTime();

  @SuppressWarnings("unchecked")
  private final ArrayDeque<Entry>[] slots = new ArrayDeque[SLOTS];

  private long tick; // the last tick run
  private int pending;
  private ScheduledFuture<?> ticking;

  private record Entry(long due, Runnable task) {}

  LoopWheel(EventLoop loop) {
    this.loop = loop;
    this.tick = now();
  }

  private long now() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Runs {@code task} on the loop about {@code delayMs} from now (at least one tick later). */
  void schedule(long delayMs, Runnable task) {
    long due = Math.max(now(), tick) + Math.max(1, delayMs);
    int i = (int) (due % SLOTS);
    if (slots[i] == null) {
      slots[i] = new ArrayDeque<>();
    }
    slots[i].add(new Entry(due, task));
    if (pending++ == 0 && ticking == null) {
      ticking = loop.scheduleAtFixedRate(this::advance, 1, 1, TimeUnit.MILLISECONDS);
    }
  }

  private void advance() {
    long now = now();
    while (tick < now && pending > 0) {
      tick++;
      ArrayDeque<Entry> slot = slots[(int) (tick % SLOTS)];
      if (slot == null || slot.isEmpty()) {
        continue;
      }
      for (int n = slot.size(); n > 0; n--) {
        Entry e = slot.poll();
        if (e.due() <= tick) {
          pending--;
          try {
            e.task().run();
          } catch (RuntimeException ex) {
            // a user's failure is its own (its actor records it); the wheel goes on
          }
        } else {
          slot.add(e); // a later turn
        }
      }
    }
    tick = Math.max(tick, now);
    if (pending == 0 && ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  /** Drops every pending task (the run stopped). */
  void clear() {
    for (ArrayDeque<Entry> slot : slots) {
      if (slot != null) {
        slot.clear();
      }
    }
    pending = 0;
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }
}
