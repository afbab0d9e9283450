package io.vox.node.user;

import io.vox.messaging.Message;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.UserResult;
import io.vox.messaging.actor.ActorStats;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/** The users of one run on this node: spawns them, counts their connects, fans out actions. */
final class RunUsers {
  private static final Logger LOG = Logger.getLogger(RunUsers.class.getName());
  private final RunSpec spec;
  private final NodeSlice slice;
  private final LaneFactory.Lanes lanes;
  private final ReportSink reports;
  private final EventSink events;
  private final Executor offLoop;
  private final Clock clock;
  private final UserActor[] users;
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger lastAction = new AtomicInteger();

  RunUsers(
      RunSpec spec,
      NodeSlice slice,
      LaneFactory.Lanes lanes,
      ReportSink reports,
      EventSink events,
      Executor offLoop,
      Clock clock,
      int throughput,
      ActorStats stats) {
    this.spec = spec;
    this.slice = slice;
    this.lanes = lanes;
    this.reports = reports;
    this.events = events;
    this.offLoop = offLoop;
    this.clock = clock;
    List<HttpLane> all = lanes.lanes();
    this.users = new UserActor[slice.users()];
    for (int i = 0; i < users.length; i++) {
      users[i] =
          new UserActor(slice.firstUser() + i, this, all.get(i % all.size()), throughput, stats);
    }
  }

  void connectAll() {
    if (users.length == 0) {
      sendReady();
      return;
    }
    for (UserActor u : users) {
      u.connect();
    }
  }

  /** Tells every user to perform {@code action}; a repeated or older action is ignored. */
  boolean act(int action) {
    int last = lastAction.get();
    if (action <= last || !lastAction.compareAndSet(last, action)) {
      return false;
    }
    UserActor.Act msg = new UserActor.Act(action, nowUs()); // the intended start of every user
    for (UserActor u : users) {
      u.tell(msg);
    }
    return true;
  }

  RunSpec spec() {
    return spec;
  }

  int size() {
    return users.length;
  }

  long nowUs() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  void report(UserResult result) {
    reports.report(spec.runId(), result);
  }

  void connectDone(boolean ok) {
    int c = ok ? connected.incrementAndGet() : connected.get();
    int f = ok ? failed.get() : failed.incrementAndGet();
    if (c + f == users.length) {
      offLoop.execute(this::sendReady); // sending may block: never on an event loop
    }
  }

  private void sendReady() {
    LOG.info(
        () ->
            "run="
                + spec.runId()
                + " node="
                + slice.nodeId()
                + " ready: connected="
                + connected.get()
                + " failed="
                + failed.get());
    events.send(
        new NodeReady(
            Message.SCHEMA_VERSION, spec.runId(), slice.nodeId(), connected.get(), failed.get()));
  }

  void close() {
    lanes.close();
  }
}
