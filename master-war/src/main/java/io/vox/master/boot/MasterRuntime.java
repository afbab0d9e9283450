package io.vox.master.boot;

import io.vox.master.jms.JmsControlChannel;
import io.vox.master.run.NodeRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.jms.JMSConnectionFactoryDefinition;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the master: the database and broker resources (from MicroProfile Config), the live node
 * registry, and the coordinator tick that moves every active run one step at a time.
 */
@DataSourceDefinition(
    name = "java:app/jdbc/vox",
    className = "com.mysql.cj.jdbc.MysqlDataSource",
    url = "${MPCONFIG=vox.db.url}",
    user = "${MPCONFIG=vox.db.user}",
    password = "${MPCONFIG=vox.db.password}",
    minPoolSize = 2,
    maxPoolSize = 16,
    // After a database outage the pool must not hand out dead connections: validate on checkout
    // (at most once a second per connection) and renew them all when one fails.
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname="
          + "org.glassfish.api.jdbc.validation.MySQLConnectionValidation",
      "fish.payara.validate-atmost-once-period-in-seconds=1",
      "fish.payara.fail-all-connections=true",
      // the collector loads result rows with LOAD DATA LOCAL INFILE from memory
      // (ResultRowWriter); the driver offers it only when asked to, and LocalInfileGuard keeps it
      // off on every connection but for that one statement
      "allowLoadLocalInfile=true",
      "connectionLifecycleInterceptors=io.vox.master.jdbc.LocalInfileGuard",
      // the coordinator's tick and the collector run the same few statements all run long: parse
      // each once per connection; and no tracing spans (Payara carries OpenTelemetry, nothing
      // exports them)
      "cachePrepStmts=true",
      "prepStmtCacheSize=250",
      "prepStmtCacheSqlLimit=2048",
      "openTelemetry=DISABLED"
    })
@JMSConnectionFactoryDefinition(
    name = MasterRuntime.CF,
    interfaceName = "jakarta.jms.ConnectionFactory",
    resourceAdapter = "artemis-rar",
    // the broker login (no default password): vox.broker.user / vox.broker.password, e.g. from
    // the environment variables VOX_BROKER_USER / VOX_BROKER_PASSWORD
    user = "${MPCONFIG=vox.broker.user}",
    password = "${MPCONFIG=vox.broker.password}")
@Singleton
@Startup
public class MasterRuntime {
  public static final String CF = "java:app/jms/voxMaster";
  private static final Logger LOG = Logger.getLogger(MasterRuntime.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @EJB RunTicker ticker;
  @jakarta.inject.Inject JmsControlChannel control;

  @jakarta.inject.Inject
  @ConfigProperty(name = "vox.master.node-live-ms")
  long nodeLiveMs;

  @jakarta.inject.Inject
  @ConfigProperty(name = "vox.master.tick-ms")
  long tickMs;

  @jakarta.inject.Inject
  @ConfigProperty(name = "vox.master.resend-ms")
  long resendMs;

  private NodeRegistry nodes;
  private final io.vox.master.run.LiveChecks liveChecks = new io.vox.master.run.LiveChecks();
  private ScheduledFuture<?> ticking;
  private long failures;
  private long announcedAtMs;
  private ScheduledFuture<?> pinging;
  private long echoedAtMs;

  @PostConstruct
  void start() {
    nodes = new NodeRegistry(nodeLiveMs, System.currentTimeMillis());
    ticking = scheduler.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    // apart from the tick, which a long step (a large fill) may hold up for seconds
    pinging = scheduler.scheduleWithFixedDelay(this::ping, 0, 1, TimeUnit.SECONDS);
    LOG.info("master started");
  }

  private void tick() {
    try {
      for (long runId : ticker.activeRunIds()) {
        ticker.step(runId, nodes, liveChecks);
      }
    } catch (RuntimeException e) {
      if (failures++ % 20 == 0) {
        LOG.log(Level.WARNING, "coordinator tick failed (will retry)", e);
      }
    }
    long now = System.currentTimeMillis();
    if (now - announcedAtMs >= resendMs) {
      announcedAtMs = now;
      try {
        ticker.announceActiveRuns();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "active runs not announced (next time)", e);
      }
    }
  }

  private void ping() {
    try {
      long now = System.currentTimeMillis();
      control.ping(now);
      // every node reads every echo: once a second up to 100 nodes, then less often, so that
      // what the nodes receive grows with the cluster, not with its square
      if (now - echoedAtMs < Math.max(1_000, 10L * nodes.known())) {
        return;
      }
      echoedAtMs = now;
      java.util.List<io.vox.messaging.ClockEcho> echoes = nodes.takeEchoes();
      if (!echoes.isEmpty()) {
        // stamped last: the time the echoes spend here before the send counts in no round trip
        control.echo(
            new io.vox.messaging.ClockEchoes(
                io.vox.messaging.Message.SCHEMA_VERSION, System.currentTimeMillis(), echoes));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "ping not sent (the broker is away?)", e);
    }
  }

  public NodeRegistry nodes() {
    return nodes;
  }

  @PreDestroy
  void stop() {
    ticking.cancel(false);
    pinging.cancel(false);
  }
}
