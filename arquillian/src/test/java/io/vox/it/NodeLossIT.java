package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
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

  private static WebArchive war(String name) {
    return ShrinkWrap.create(ZipImporter.class, name + ".war")
        .importFrom(new File("target/" + name + ".war"))
        .as(WebArchive.class);
  }

  @Deployment(name = "master", testable = false, order = 1)
  @TargetsContainer("master")
  static WebArchive master() {
    return war("master");
  }

  @Deployment(name = "node-a", testable = false, order = 2)
  @TargetsContainer("node-a")
  static WebArchive nodeA() {
    return war("node");
  }

  @Deployment(name = "node-b", testable = false, order = 3)
  @TargetsContainer("node-b")
  static WebArchive nodeB() {
    return war("node");
  }

  @ArquillianResource
  @OperateOnDeployment("master")
  URL master;

  private String api() {
    return master.toString().replaceFirst("^(https?://[^/]+).*$", "$1") + "/master/api/";
  }

  private JsonObject run(long id) {
    try {
      return Stack.json(Stack.get(api() + "runs/" + id).body()).asJsonObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
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
    var created = Stack.post(api() + "runs", plan);
    assertEquals(201, created.statusCode(), created.body());
    long id = Stack.json(created.body()).asJsonObject().getJsonNumber("id").longValue();
    assertTrue(
        Stack.await(Duration.ofSeconds(90), () -> run(id).getInt("currentAction") >= 1),
        "action 1 started");

    List<ProcessHandle> nodeB =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().commandLine().orElse("").contains("-Dvox.node.id=node-b"))
            .toList();
    assertEquals(1, nodeB.size(), "node-b's Payara process");
    nodeB.get(0).destroyForcibly(); // SIGKILL
    nodeB.get(0).onExit().get();

    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () -> !run(id).getString("state").matches("CREATED|CONNECTING|RUNNING")),
        "run finished");
    JsonObject run = run(id);
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
