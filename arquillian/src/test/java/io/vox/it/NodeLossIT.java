package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's Payara killed with SIGKILL while its users act: the master notices the missing
 * heartbeats, records the node's users as lost with the reason, and the run still completes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeLossIT extends MasterAndTwoNodesIT {
  @Test
  void aNodeKilledMidActionIsDeclaredLostAndTheRunStillCompletes() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    long id = startSlowRunAndAwaitAction1("lose-a-node", 2);

    List<ProcessHandle> nodeB =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().commandLine().orElse("").contains("-Dvox.node.id=node-b"))
            .toList();
    assertEquals(1, nodeB.size(), "node-b's Payara process");
    nodeB.get(0).destroyForcibly(); // SIGKILL
    nodeB.get(0).onExit().get();

    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(90));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    JsonObject b =
        run.getJsonArray("nodes").stream()
            .map(JsonValue::asJsonObject)
            .filter(n -> n.getString("nodeId").equals("node-b"))
            .findFirst()
            .orElseThrow();
    assertNotNull(b.getString("lost", null), b.toString());
    assertTrue(b.getString("lost").contains("no heartbeat"), b.toString());

    assertEquals(
        (long) SLOW_RUN_USERS * SLOW_RUN_ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "every user has a row for every action");
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
        "node-b's users are recorded as lost for the action after its death");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30), () -> ItStack.broker.messageCount(Destinations.REPORTS) == 0),
        "every report node-b sent before dying was consumed");
    assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
  }
}
