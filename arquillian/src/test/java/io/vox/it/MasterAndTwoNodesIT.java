package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A master and two nodes, {@code node-a} and {@code node-b}. */
abstract class MasterAndTwoNodesIT extends MasterAndNodeIT {
  @Deployment(name = "node-b", testable = false, order = 3)
  @TargetsContainer("node-b")
  static WebArchive nodeBWar() {
    return MasterApi.war("node");
  }

  /** node-b's Payara process, a child of this JVM. */
  static ProcessHandle nodeB() {
    List<ProcessHandle> nodeB =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().commandLine().orElse("").contains("-Dvox.node.id=node-b"))
            .toList();
    assertEquals(1, nodeB.size(), "node-b's Payara process");
    return nodeB.get(0);
  }

  /** node-b's part of run view {@code run} (GET /api/runs/{id}). */
  static jakarta.json.JsonObject nodeBOf(jakarta.json.JsonObject run) {
    return run.getJsonArray("nodes").stream()
        .map(jakarta.json.JsonValue::asJsonObject)
        .filter(n -> n.getString("nodeId").equals("node-b"))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Run {@code id} of {@link #startSlowRunAndAwaitAction1} has a row per user and action: node-a's
   * all successful, node-b's users all lost for action 2 (node-b was lost during action 1).
   */
  static void assertNodeBLostInAction1(long id) throws Exception {
    assertEquals(
        (long) SLOW_RUN_USERS * SLOW_RUN_ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "every user has one row for every action");
    assertEquals(
        (long) SLOW_RUN_USERS / 2 * SLOW_RUN_ACTIONS,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = 'node-a'"
                + " AND error IS NULL",
            id),
        "node-a's users all succeeded");
    assertEquals(
        SLOW_RUN_USERS / 2,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = 'node-b'"
                + " AND action = 2 AND error LIKE 'node node-b lost%'",
            id),
        "node-b's users are recorded as lost for the action after it was lost");
  }
}
