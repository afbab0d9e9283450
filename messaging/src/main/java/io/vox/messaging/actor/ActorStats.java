package io.vox.messaging.actor;

import java.util.concurrent.atomic.LongAdder;

/** Counters shared by a group of actors: failed messages and rejected schedulings. */
public final class ActorStats {
  private final LongAdder failed = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  void failed() {
    failed.increment();
  }

  void rejected() {
    rejected.increment();
  }

  public long failures() {
    return failed.sum();
  }

  public long rejections() {
    return rejected.sum();
  }
}
