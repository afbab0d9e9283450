package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node frozen (SIGSTOP) mid-action until the master declares it lost, then resumed: it wakes up
 * still running the run and sends what its users did, but the master already stored its users as
 * lost. The run completes with exactly one row per user and action, none of the late ones.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeFreezeIT extends MasterAndTwoNodesIT {
  @Test
  void aNodeFrozenThenResumedIsLostAndItsLateResultsAreNotStored() throws Exception {
    long id = startSlowRunAndAwaitAction1("freeze-a-node", 2);
    long pid = nodeB().pid();
    signal("STOP", pid);
    try {
      assertTrue(
          Stack.await(Duration.ofSeconds(60), () -> lostReason(id) != null),
          "the master declares the frozen node lost");
    } finally {
      signal("CONT", pid);
    }

    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(lostReason(id).contains("no heartbeat"), lostReason(id));
    // the resumed node's results for its users came too late to count
    assertNodeBLostInAction1(id);
    long reported = 0;
    for (int k = 1; k <= SLOW_RUN_ACTIONS; k++) {
      reported += api().action(id, k).getJsonNumber("count").longValue();
    }
    assertEquals((long) SLOW_RUN_USERS * SLOW_RUN_ACTIONS, reported, "counters match the rows");
  }

  private String lostReason(long id) {
    try {
      return api().run(id).getJsonArray("nodes").stream()
          .map(JsonValue::asJsonObject)
          .filter(n -> n.getString("nodeId").equals("node-b"))
          .findFirst()
          .map(n -> n.getString("lost", null))
          .orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }
}
