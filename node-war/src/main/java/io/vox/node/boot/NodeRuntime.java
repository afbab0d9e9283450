package io.vox.node.boot;

import io.vox.messaging.Destinations;
import io.vox.node.http.NettyLanes;
import io.vox.node.http.Transport;
import io.vox.node.http.WheelTimer;
import io.vox.node.jms.JmsSender;
import io.vox.node.user.NodeEngine;
import io.vox.node.user.ReportBatcher;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactoryDefinition;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wires the node: event loops on the container's thread factory, the engine, the report batcher
 * (flushed every report interval) and the heartbeat. Built at deploy, closed at undeploy.
 */
@JMSConnectionFactoryDefinition(
    name = JmsSender.CF,
    interfaceName = "jakarta.jms.ConnectionFactory",
    resourceAdapter = "artemis-rar",
    // the broker login (no default password): vox.broker.user / vox.broker.password, e.g. from
    // the environment variables VOX_BROKER_USER / VOX_BROKER_PASSWORD
    user = "${MPCONFIG=vox.broker.user}",
    password = "${MPCONFIG=vox.broker.password}")
@Singleton
@Startup
// no lock and no transaction: stop() drains for seconds while the MDB and REST read the engine,
// and its sends must reach the broker one by one, not at a commit
@jakarta.ejb.ConcurrencyManagement(jakarta.ejb.ConcurrencyManagementType.BEAN)
@jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
public class NodeRuntime {
  private static final Logger LOG = Logger.getLogger(NodeRuntime.class.getName());

  @Resource ManagedThreadFactory threads;
  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;
  @Inject NodeConfig config;
  @Inject JmsSender sender;

  private final NodeLoad load = new NodeLoad();

  private NettyLanes lanes;
  private WheelTimer timer;
  private ReportBatcher batcher;
  private NodeEngine engine;
  private ScheduledFuture<?> flushing;
  private ScheduledFuture<?> heartbeat;

  @PostConstruct
  void start() {
    String nodeId = config.nodeId();
    io.vox.node.http.WallClock.shift(config.clockShiftMs()); // as config.clock() is
    lanes =
        new NettyLanes(
            config.eventLoops(),
            threads,
            config.connections(),
            Transport.choose(config.transport()));
    timer = new WheelTimer(threads);
    batcher =
        new ReportBatcher(
            nodeId,
            config.batchSize(),
            b -> sender.send(Destinations.REPORTS, b, true),
            config.spillDir(),
            config.maxUnsentResults());
    // each action's summary says whether the loops ran late meanwhile: the generator saturated
    lanes.lag().listen(batcher::loopLate);
    engine =
        new NodeEngine(
            nodeId,
            lanes,
            batcher,
            e -> sender.send(Destinations.EVENTS, e, true),
            executor,
            timer,
            config.clock(),
            config.throughput());
    flushing =
        scheduler.scheduleWithFixedDelay(
            batcher::flush,
            config.reportIntervalMs(),
            config.reportIntervalMs(),
            TimeUnit.MILLISECONDS);
    heartbeat =
        scheduler.scheduleWithFixedDelay(
            this::beat, 0, config.heartbeatMs(), TimeUnit.MILLISECONDS);
    LOG.info(() -> "node=" + nodeId + " started");
  }

  private void beat() {
    beat(false);
  }

  private final Object beating = new Object();
  private boolean left; // the leaving heartbeat went: no other may follow it

  private void beat(boolean leaving) {
    synchronized (beating) {
      if (left) {
        return;
      }
      left = leaving;
      send(leaving);
    }
  }

  private void send(boolean leaving) {
    try {
      sender.send(
          Destinations.EVENTS,
          load.heartbeat(
              config.clock().millis(),
              engine.clockOffset(),
              engine.nodeId(),
              engine.users(),
              config.capacity(),
              engine.incarnation(),
              batcher.unsentBatches(),
              leaving),
          false);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "node=" + engine.nodeId() + " heartbeat not sent", e);
    }
  }

  public ReportBatcher batcher() {
    return batcher;
  }

  public NodeEngine engine() {
    return engine;
  }

  /** How late the node's event loops run. */
  public io.vox.node.http.LoopLag loopLag() {
    return lanes.lag();
  }

  private final java.util.concurrent.atomic.AtomicBoolean stopped =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Undeploy or SIGTERM: the users stop first (a result of a request cut short here would be the
   * tool's failure, not the system under test's, so none is reported), then what they reported goes
   * out, retried for a while if the broker refuses it, then a last heartbeat tells the master this
   * node is leaving, so its runs need not wait for its silence. Called by {@link NodeShutdown}
   * while the application's JMS connection factory still exists (at {@code @PreDestroy} it is
   * already gone), and at {@code @PreDestroy} in case that did not run; once.
   */
  @PreDestroy
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    flushing.cancel(false);
    engine.close(); // heartbeats go on while it drains: a long drain is no silence
    long giveUpAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_FLUSH_MS);
    batcher.flush();
    while (batcher.unsentBatches() > 0 && System.nanoTime() < giveUpAt) {
      try {
        Thread.sleep(200); // the broker is away: a shutdown waits a little, not for ever
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      batcher.flush();
    }
    if (batcher.unsentBatches() > 0) {
      LOG.warning(
          () ->
              "node="
                  + engine.nodeId()
                  + " stopped with "
                  + batcher.unsentBatches()
                  + " report batch(es) the broker did not take: the master records their users"
                  + " as lost");
    }
    heartbeat.cancel(false);
    beat(true);
    timer.close();
    lanes.close();
    LOG.info(() -> "node=" + engine.nodeId() + " stopped; results sent=" + batcher.sent());
  }

  /** How long a shutdown keeps trying to send what the users reported. */
  private static final long SHUTDOWN_FLUSH_MS = 10_000;
}
