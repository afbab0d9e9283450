package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's Payara killed with SIGKILL while its users act: the master notices the missing
 * heartbeats, records the node's users as lost with the reason, and the run still completes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeLossIT {
  private static final int USERS = 400;
  private static final int ACTIONS = 2;

  @Deployment(name = "master", testable = false, order = 1)
  @TargetsContainer("master")
  static WebArchive master() {
    return MasterApi.war("master");
  }

  @Deployment(name = "node-a", testable = false, order = 2)
  @TargetsContainer("node-a")
  static WebArchive nodeA() {
    return MasterApi.war("node");
  }

  @Deployment(name = "node-b", testable = false, order = 3)
  @TargetsContainer("node-b")
  static WebArchive nodeB() {
    return MasterApi.war("node");
  }

  @ArquillianResource
  @OperateOnDeployment("master")
  URL master;

  private String api() {
    return new MasterApi(master).url("");
  }

  private static int currentAction(MasterApi api, long id) {
    try {
      return api.run(id).getInt("currentAction");
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void aNodeKilledMidActionIsDeclaredLostAndTheRunStillCompletes() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    String plan =
        """
        {"name": "lose-a-node", "target": "http://127.0.0.1:%d", "users": %d, "actions": %d,
         "minNodes": 2,
         "connect": {"method": "POST", "path": "/api/login",
                     "body": "{\\"user\\":\\"l${user}\\"}", "tokenField": "token"},
         "action": {"method": "POST", "path": "/api/messages", "body": "{}"}}
        """
            .formatted(ItStack.slowSut.port(), USERS, ACTIONS);
    MasterApi api = new MasterApi(master);
    long id = api.submit(plan);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () -> !api.state(id).equals("unreachable") && currentAction(api, id) >= 1),
        "action 1 started");

    List<ProcessHandle> nodeB =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().commandLine().orElse("").contains("-Dvox.node.id=node-b"))
            .toList();
    assertEquals(1, nodeB.size(), "node-b's Payara process");
    nodeB.get(0).destroyForcibly(); // SIGKILL
    nodeB.get(0).onExit().get();

    JsonObject run = api.awaitEnd(id, Duration.ofSeconds(90));
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
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "every user has a row for every action");
    assertEquals(
        (long) USERS / 2 * ACTIONS,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = 'node-a'"
                + " AND error IS NULL",
            id),
        "node-a's users all succeeded");
    assertEquals(
        USERS / 2,
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
