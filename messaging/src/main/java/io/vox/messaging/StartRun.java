package io.vox.messaging;

import io.vox.messaging.scenario.Scenario;
import java.util.List;
import java.util.Map;

/**
 * Tells the nodes of {@code slices} to spawn their users and connect them to {@code target}; each
 * user then follows {@code scenario}. Sender: master RunCoordinator. Receiver: each node's Manager,
 * via topic vox.control. Guarantee: a node spawns its slice at most once per run; a repeat is
 * ignored. {@code params} are the values of the run's secret parameters by name: the node renders
 * {@code ${param.name}} with them and hides them in every text it reports or logs; the master never
 * stores them, so they exist only in this message and in memory.
 */
public record StartRun(
    int schemaVersion,
    long runId,
    String target,
    int requestTimeoutMs,
    Scenario scenario,
    List<NodeSlice> slices,
    Map<String, String> params)
    implements ControlMessage {
  public StartRun {
    Messages.version(schemaVersion);
    Messages.require(target, "target");
    Messages.require(scenario, "scenario");
    Messages.require(slices, "slices");
    slices = List.copyOf(slices);
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  /** This node's slice, or null when the run has no users for it. */
  public NodeSlice sliceOf(String nodeId) {
    return slices.stream().filter(s -> s.nodeId().equals(nodeId)).findFirst().orElse(null);
  }
}
