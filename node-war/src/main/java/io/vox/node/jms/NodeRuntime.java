package io.vox.node.jms;

import io.vox.messaging.Destinations;
import io.vox.node.http.NettyLanes;
import io.vox.node.http.Transport;
import io.vox.node.http.WheelTimer;
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
import java.time.Clock;
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
    lanes =
        new NettyLanes(
            config.eventLoops(),
            threads,
            config.connections(),
            Transport.choose(config.transport()));
    timer = new WheelTimer(threads);
    batcher =
        new ReportBatcher(
            nodeId, config.batchSize(), b -> sender.send(Destinations.REPORTS, b, true));
    engine =
        new NodeEngine(
            nodeId,
            lanes,
            batcher,
            e -> sender.send(Destinations.EVENTS, e, true),
            executor,
            timer,
            Clock.systemUTC(),
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
    try {
      sender.send(
          Destinations.EVENTS,
          load.heartbeat(
              engine.nodeId(),
              engine.users(),
              config.capacity(),
              engine.incarnation(),
              batcher.unsentBatches()),
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

  @PreDestroy
  void stop() {
    heartbeat.cancel(false);
    flushing.cancel(false);
    engine.close();
    batcher.flush();
    timer.close();
    lanes.close();
    LOG.info(() -> "node=" + engine.nodeId() + " stopped; results sent=" + batcher.sent());
  }
}
