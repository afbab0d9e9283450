package io.vox.node.boot;

import io.vox.messaging.Message;
import io.vox.messaging.NodeHeartbeat;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What a heartbeat tells of this node's process: its host, CPU share and heap. */
final class NodeLoad {
  private final String host = hostName();

  NodeHeartbeat heartbeat(
      long nowMs,
      io.vox.node.user.ClockOffset clock,
      String nodeId,
      int users,
      int capacity,
      String incarnation,
      int unsentBatches,
      boolean leaving) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    io.vox.node.user.ClockOffset.Estimate estimate = clock.estimate(nowMs);
    return new NodeHeartbeat(
        Message.SCHEMA_VERSION,
        nodeId,
        nowMs, // on the clock the users' times are on: the master echoes it for the offset
        users,
        host,
        cpuLoad(),
        heap.getUsed(),
        heap.getMax(),
        capacity,
        incarnation,
        unsentBatches,
        leaving,
        estimate.offsetMs(),
        estimate.errorMs());
  }

  /** The process's share of the machine's CPU over the last moments, or -1 when unknown. */
  private static double cpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 ? -1 : load;
    }
    return -1;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
