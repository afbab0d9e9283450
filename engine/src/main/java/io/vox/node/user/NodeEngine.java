package io.vox.node.user;

import io.vox.messaging.ActiveRuns;
import io.vox.messaging.ControlMessage;
import io.vox.messaging.Message;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import io.vox.messaging.actor.ActorStats;
import io.vox.messaging.scenario.UserSplit;
import io.vox.node.scenario.CompiledScenario;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's side of the run flow: takes control messages from the manager and fans them out to the
 * users of each run. Control messages arrive one at a time, in order.
 */
public final class NodeEngine implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NodeEngine.class.getName());
  private final String nodeId;
  private final LaneFactory laneFactory;
  private final ReportSink reports;
  private final ClockOffset clockOffset = new ClockOffset();
  private final EventSink events;
  private final Executor offLoop;
  private final Timer timer;
  private final Clock clock;
  private final int throughput;
  private final ActorStats stats = new ActorStats();
  private final Map<Long, RunUsers> runs = new ConcurrentHashMap<>();

  /** This process of the node: the master tells a restart under the same id by it. */
  private final String incarnation = java.util.UUID.randomUUID().toString();

  private volatile Tracer tracer;

  public NodeEngine(
      String nodeId,
      LaneFactory laneFactory,
      ReportSink reports,
      EventSink events,
      Executor offLoop,
      Timer timer,
      Clock clock,
      int throughput) {
    this.nodeId = nodeId;
    this.laneFactory = laneFactory;
    this.reports = reports;
    // every NodeReady names this process, so the master knows which one holds the slice
    this.events = e -> events.send(e instanceof NodeReady r ? r.withIncarnation(incarnation) : e);
    this.offLoop = offLoop;
    this.timer = timer;
    this.clock = clock;
    this.throughput = throughput;
  }

  public String nodeId() {
    return nodeId;
  }

  /** This process of the node (new at each start). */
  public String incarnation() {
    return incarnation;
  }

  public void handle(ControlMessage message) {
    if (message instanceof io.vox.messaging.ClockEchoes echoes) {
      echoed(echoes);
      return;
    }
    if (closed) {
      return; // shutting down: no run starts or acts any more
    }
    if (message instanceof StartRun start) {
      start(start);
    } else if (message instanceof RunAction action) {
      act(action);
    } else if (message instanceof StopRun stop) {
      stop(stop.runId());
    } else if (message instanceof ActiveRuns active) {
      for (long runId : runs.keySet()) {
        if (active.ended(runId)) {
          LOG.warning(
              () ->
                  "run="
                      + runId
                      + " node="
                      + nodeId
                      + " is no longer active on the master (its StopRun was missed): dropped");
          stop(runId);
        }
      }
    }
  }

  private void start(StartRun start) {
    NodeSlice slice = start.sliceOf(nodeId);
    if (slice == null || runs.containsKey(start.runId())) {
      return; // not ours, or a repeat
    }
    long runUsers = start.slices().stream().mapToLong(NodeSlice::users).sum();
    CompiledScenario[] groups;
    UserSplit split;
    try {
      groups = CompiledScenario.groups(start.runId(), start.scenario(), start.params());
      split = UserSplit.of(runUsers, start.scenario());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "run=" + start.runId() + " has a scenario this node cannot run", e);
      events.send(
          new NodeReady(Message.SCHEMA_VERSION, start.runId(), nodeId, 0, slice.users(), ""));
      return;
    }
    LaneFactory.Lanes lanes;
    try {
      lanes =
          laneFactory.open(
              URI.create(start.target()),
              start.requestTimeoutMs(),
              connections(start, slice),
              // nothing to open ahead for a plan whose requests all go elsewhere
              start
                  .scenario()
                  .http()
                  .withPreconnect(
                      start.scenario().http().preconnect() && start.scenario().requestsTarget()));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "run=" + start.runId() + " has HTTP settings this node cannot use", e);
      events.send(
          new NodeReady(Message.SCHEMA_VERSION, start.runId(), nodeId, 0, slice.users(), ""));
      return;
    }
    RunUsers run =
        new RunUsers(
            groups,
            split,
            slice,
            runUsers,
            lanes,
            reports,
            events,
            offLoop,
            timer,
            clock,
            throughput,
            stats,
            tracer);
    runs.put(start.runId(), run);
    LOG.info(
        () ->
            "run="
                + start.runId()
                + " node="
                + nodeId
                + " spawned "
                + slice.users()
                + " users (first "
                + slice.firstUser()
                + ") on "
                + lanes.lanes().size()
                + " lanes");
    run.connectAll();
  }

  /** Makes the users of runs started from now on report each step to {@code tracer}. */
  public void trace(Tracer tracer) {
    this.tracer = tracer;
  }

  /** The run's connections for this node: the plan's, one per user of the slice, or 0. */
  static int connections(StartRun start, NodeSlice slice) {
    int c = start.scenario().connections();
    return c == io.vox.messaging.scenario.Scenario.PER_USER ? Math.max(1, slice.users()) : c;
  }

  private void act(RunAction action) {
    RunUsers run = runs.get(action.runId());
    if (run == null) {
      return;
    }
    ClockOffset.Estimate estimate = clockOffset.estimate(clock.millis());
    // without an estimate the node can vouch for, as of the receipt: as before the master
    // stamped its commands
    boolean stamped = action.sentAtMs() > 0 && estimate.usable();
    long commandedUs = stamped ? (action.sentAtMs() - estimate.offsetMs()) * 1000 : 0;
    if (run.act(action.action(), commandedUs, stamped ? estimate.errorMs() * 1000 : -1)) {
      LOG.info(
          () ->
              "run="
                  + action.runId()
                  + " node="
                  + nodeId
                  + " action="
                  + action.action()
                  + " told"
                  + (stamped ? "" : " (no clock estimate: its skew counts from now)"));
    }
  }

  /** One heartbeat the master echoed: an exchange for the clock offset's estimate. */
  private void echoed(io.vox.messaging.ClockEchoes echoes) {
    long t3 = clock.millis();
    for (io.vox.messaging.ClockEcho e : echoes.echoes()) {
      if (e.nodeId().equals(nodeId)) {
        clockOffset.exchange(e.nodeSentAtMs(), e.masterReceivedAtMs(), echoes.sentAtMs(), t3);
      }
    }
  }

  /** This node's clock offset to the master's, for its heartbeats. */
  public ClockOffset clockOffset() {
    return clockOffset;
  }

  private void stop(long runId) {
    RunUsers run = runs.remove(runId);
    if (run != null) {
      run.close();
      reports.ended(runId);
      LOG.info(() -> "run=" + runId + " node=" + nodeId + " stopped");
    }
  }

  /** Users held by this node across its runs. */
  public int users() {
    return runs.values().stream().mapToInt(RunUsers::size).sum();
  }

  public ActorStats stats() {
    return stats;
  }

  private volatile boolean closed;

  @Override
  public void close() {
    closed = true;
    runs.keySet().forEach(this::stop);
  }
}
