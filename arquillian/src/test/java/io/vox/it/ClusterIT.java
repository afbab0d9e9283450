package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
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
 * Master and two nodes deployed to a Payara Micro cluster (Hazelcast with a TCP/IP member list on
 * loopback, cluster name vox-it): the master sees the cluster's three instances by name, the nodes
 * take their instance names as node ids, and a run is split over both.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterIT {
  @Deployment(name = "c-master", testable = false, order = 1)
  @TargetsContainer("c-master")
  static WebArchive masterWar() {
    return MasterApi.war("master");
  }

  @Deployment(name = "c-node-1", testable = false, order = 2)
  @TargetsContainer("c-node-1")
  static WebArchive node1() {
    return MasterApi.war("node");
  }

  @Deployment(name = "c-node-2", testable = false, order = 3)
  @TargetsContainer("c-node-2")
  static WebArchive node2() {
    return MasterApi.war("node");
  }

  @ArquillianResource
  @OperateOnDeployment("c-master")
  URL master;

  @Test
  void thePayaraClusterIsSeenByNameAndARunUsesBothItsNodes() throws Exception {
    MasterApi api = new MasterApi(master);
    JsonObject[] cluster = new JsonObject[1];
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60),
            () -> {
              try {
                cluster[0] = Stack.json(Stack.get(api.url("cluster")).body()).asJsonObject();
                return cluster[0].getJsonArray("members").size() == 3;
              } catch (Exception e) {
                return false;
              }
            }),
        "three members: " + cluster[0]);
    assertTrue(cluster[0].getBoolean("clustered"));
    assertEquals("vox-it", cluster[0].getString("name"));
    assertEquals(
        List.of("c-master", "c-node-1", "c-node-2"),
        cluster[0].getJsonArray("members").stream()
            .map(m -> m.asJsonObject().getString("name"))
            .toList());
    assertTrue(
        cluster[0].getJsonArray("members").getJsonObject(0).getBoolean("local"), "the master");

    String plan =
        """
        {"name": "cluster", "target": "http://127.0.0.1:%d", "users": 200, "minNodes": 2,
         "actions": [{"name": "ping", "repeat": 2, "steps": [{"request": {"url": "/api/ping"}}]}]}
        """
            .formatted(ItStack.sut.port());
    long id = api.submit(plan);
    JsonObject run = api.awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertEquals(
        List.of("c-node-1:100", "c-node-2:100"),
        run.getJsonArray("nodes").stream()
            .map(n -> n.asJsonObject().getString("nodeId") + ":" + n.asJsonObject().getInt("users"))
            .sorted()
            .toList(),
        "the nodes are known by their Payara instance names");
    assertEquals(400, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id));
  }
}
