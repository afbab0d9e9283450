package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.time.Duration;
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

/** A whole run: the master and two nodes on three Payara Micro instances, all over Artemis. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WholeRunIT {
  private static final int USERS = 1000;
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

  @Test
  void bothNodesGetTheirShareAndEveryUserReportsEachActionExactlyOnce() throws Exception {
    String plan =
        """
        {"name": "two-nodes", "target": "http://127.0.0.1:%d", "users": %d, "actions": %d,
         "minNodes": 2,
         "connect": {"method": "POST", "path": "/api/login",
                     "body": "{\\"user\\":\\"w${user}\\"}", "tokenField": "token"},
         "action": {"method": "POST", "path": "/api/messages", "body": "{\\"n\\":${action}}"}}
        """
            .formatted(ItStack.sut.port(), USERS, ACTIONS);
    var created = Stack.post(api() + "runs", plan);
    assertEquals(201, created.statusCode(), created.body());
    long id = Stack.json(created.body()).asJsonObject().getJsonNumber("id").longValue();

    JsonObject[] run = new JsonObject[1];
    assertTrue(
        Stack.await(
            Duration.ofSeconds(120),
            () -> {
              try {
                run[0] = Stack.json(Stack.get(api() + "runs/" + id).body()).asJsonObject();
                return !run[0].getString("state").matches("CREATED|CONNECTING|RUNNING");
              } catch (Exception e) {
                return false;
              }
            }),
        "run finished");
    assertEquals("COMPLETED", run[0].getString("state"), run[0].toString());
    assertEquals(USERS, run[0].getInt("connected"));
    assertEquals(2, run[0].getJsonArray("nodes").size());
    for (var n : run[0].getJsonArray("nodes")) {
      assertEquals(USERS / 2, n.asJsonObject().getInt("users"), n.toString());
    }

    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id));
    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count(
            "SELECT COUNT(*) FROM (SELECT DISTINCT action, user_id FROM vox_result"
                + " WHERE run_id = ?) d",
            id));
    for (String node : new String[] {"node-a", "node-b"}) {
      assertEquals(
          (long) USERS / 2 * ACTIONS,
          Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = ?", id, node),
          node + " stored its share");
    }
    assertEquals(
        0,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NOT NULL", id));

    JsonObject action =
        Stack.json(Stack.get(api() + "runs/" + id + "/actions/2").body()).asJsonObject();
    assertEquals(USERS, action.getJsonNumber("count").longValue());
    double p50 = action.getJsonNumber("p50Ms").doubleValue();
    double p99 = action.getJsonNumber("p99Ms").doubleValue();
    assertTrue(
        action.getJsonNumber("minMs").doubleValue() <= p50
            && p50 <= p99
            && p99 <= action.getJsonNumber("maxMs").doubleValue(),
        action.toString());

    JsonObject page =
        Stack.json(Stack.get(api() + "runs/" + id + "/results?page=1&size=300").body())
            .asJsonObject();
    assertEquals((long) USERS * ACTIONS, page.getJsonNumber("total").longValue());
    assertEquals(300, page.getJsonArray("rows").size());
  }

  @Test
  void aRunWaitingForNodesCanBeStoppedAndStoppingItAgainIsAConflict() throws Exception {
    String plan =
        "{\"target\": \"http://127.0.0.1:%d\", \"users\": 10, \"minNodes\": 3,"
                .formatted(ItStack.sut.port())
            + " \"action\": {\"path\": \"/api/ping\"}}";
    var created = Stack.post(api() + "runs", plan);
    assertEquals(201, created.statusCode(), created.body());
    long id = Stack.json(created.body()).asJsonObject().getJsonNumber("id").longValue();
    assertEquals(202, Stack.post(api() + "runs/" + id + "/stop", "").statusCode());
    assertTrue(
        Stack.await(
            Duration.ofSeconds(20),
            () -> {
              try {
                return Stack.get(api() + "runs/" + id).body().contains("\"state\":\"STOPPED\"");
              } catch (Exception e) {
                return false;
              }
            }),
        "the coordinator stopped the run");
    var again = Stack.post(api() + "runs/" + id + "/stop", "");
    assertEquals(409, again.statusCode(), again.body());
    assertEquals(404, Stack.post(api() + "runs/987654/stop", "").statusCode());
  }
}
