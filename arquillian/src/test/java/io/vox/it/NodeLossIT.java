package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import jakarta.json.JsonObject;
import java.time.Duration;
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

    ProcessHandle nodeB = nodeB();
    nodeB.destroyForcibly(); // SIGKILL
    nodeB.onExit().get();

    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(90));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    JsonObject b = nodeBOf(run);
    assertNotNull(b.getString("lost", null), b.toString());
    assertTrue(b.getString("lost").contains("no heartbeat"), b.toString());

    assertNodeBLostInAction1(id);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30), () -> ItStack.broker.messageCount(Destinations.REPORTS) == 0),
        "every report node-b sent before dying was consumed");
    assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
  }
}
