package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's Payara stopped with SIGTERM while its users act: the node stops its users, sends what
 * they reported and says it is leaving, so the master declares it lost at once (not after its
 * silence), no request cut short by the shutdown is stored as the system under test's failure, and
 * the run completes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeShutdownIT extends MasterAndTwoNodesIT {
  @Test
  void aNodeShutDownMidActionSaysSoAndTheRunStillCompletes() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    long id = startSlowRunAndAwaitAction1("shut-a-node", 2);

    ProcessHandle nodeB = nodeB();
    nodeB.destroy(); // SIGTERM: Payara undeploys the node's WAR
    nodeB.onExit().get();

    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(90));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    JsonObject b = nodeBOf(run);
    assertEquals(
        "node node-b lost: it shut down during the run (its users were stopped)",
        b.getString("lost", null),
        b.toString());

    assertNodeBLostInAction1(id);
    assertEquals(
        0,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = 'node-b'"
                + " AND error IS NOT NULL AND error NOT LIKE 'node node-b lost%'",
            id),
        "no request the shutdown cut short is stored as a failure of the system under test");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30), () -> ItStack.broker.messageCount(Destinations.REPORTS) == 0),
        "every report node-b sent before leaving was consumed");
    assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
  }
}
