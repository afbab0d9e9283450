package io.vox.node.boot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The node's settings from MicroProfile Config (defaults in microprofile-config.properties). */
@ApplicationScoped
public class NodeConfig {
  /** Optional: MicroProfile Config takes an empty value (or default) as no value at all. */
  @Inject
  @ConfigProperty(name = "vox.node.id")
  Optional<String> nodeId;

  @Inject
  @ConfigProperty(name = "vox.node.event-loops")
  int eventLoops;

  @Inject
  @ConfigProperty(name = "vox.http.connections")
  int connections;

  @Inject
  @ConfigProperty(name = "vox.node.transport")
  String transport;

  @Inject
  @ConfigProperty(name = "vox.actor.throughput")
  int throughput;

  @Inject
  @ConfigProperty(name = "vox.report.batch-size")
  int batchSize;

  @Inject
  @ConfigProperty(name = "vox.report.interval-ms")
  long reportIntervalMs;

  @Inject
  @ConfigProperty(name = "vox.report.max-unsent-results")
  long maxUnsentResults;

  @Inject
  @ConfigProperty(name = "vox.report.spill-dir")
  Optional<String> spillDir;

  @Inject
  @ConfigProperty(name = "vox.node.heartbeat-ms")
  long heartbeatMs;

  @Inject
  @ConfigProperty(name = "vox.node.capacity", defaultValue = "0")
  int capacity;

  /**
   * Shifts this node's clock (ms): for the test that a node whose clock is off still measures its
   * users from the master's command; 0 elsewhere.
   */
  @Inject
  @ConfigProperty(name = "vox.node.clock-shift-ms", defaultValue = "0")
  long clockShiftMs;

  long clockShiftMs() {
    return clockShiftMs;
  }

  java.time.Clock clock() {
    java.time.Clock utc = java.time.Clock.systemUTC();
    return clockShiftMs == 0 ? utc : java.time.Clock.offset(utc, Duration.ofMillis(clockShiftMs));
  }

  /**
   * The configured id; else, in a Payara cluster, the instance's name there; else one made of
   * process id and host.
   */
  public String nodeId() {
    if (nodeId.isPresent() && !nodeId.get().isBlank()) {
      return nodeId.get().strip();
    }
    String clustered = PayaraInstance.name();
    return clustered != null && !clustered.isBlank()
        ? clustered
        : "node-" + ManagementFactory.getRuntimeMXBean().getName();
  }

  public int eventLoops() {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }

  public int connections() {
    return connections;
  }

  /** auto, io_uring, epoll or nio. */
  public String transport() {
    return transport;
  }

  public int throughput() {
    return throughput;
  }

  public int batchSize() {
    return batchSize;
  }

  public long reportIntervalMs() {
    return reportIntervalMs;
  }

  /** Results of unsent batches kept on the heap; the rest wait in {@link #spillDir()}. */
  public long maxUnsentResults() {
    return Math.max(0, maxUnsentResults);
  }

  /** Where unsent batches wait past {@link #maxUnsentResults()}: one folder per node id. */
  public java.nio.file.Path spillDir() {
    java.nio.file.Path base =
        spillDir.isPresent() && !spillDir.get().isBlank()
            ? java.nio.file.Path.of(spillDir.get().strip())
            : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vox-report-spill");
    // a folder per node: nodes sharing a host or a volume must not delete each other's batches
    return base.resolve(nodeId().replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  public long heartbeatMs() {
    return heartbeatMs;
  }

  /** Users this node is sized for, 0 when not stated. */
  public int capacity() {
    return Math.max(0, capacity);
  }
}
