package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker failing master and node. Artemis stopped for 60 s in the middle of an action (ten
 * times the time after which a silent node is lost) and started again on its journal: the master
 * declares no node lost while it hears nothing itself, master and node reconnect by themselves, the
 * run completes, no report is lost or stored twice. A StopRun lost on its way to the node: the node
 * drops the run once the master's list of active runs no longer has it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrokerRestartIT extends MasterAndNodeIT {
  @Test
  void masterAndNodeReconnectAndNoReportIsLostOrStoredTwice() throws Exception {
    long id = startSlowRunAndAwaitAction1("restart-broker", 1);

    ItStack.restartBroker(Duration.ofSeconds(60));

    var run = api().awaitEnd(id, Duration.ofSeconds(180));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(
        run.getJsonArray("nodes").stream()
            .allMatch(n -> n.asJsonObject().getString("lost", null) == null),
        "no node declared lost: " + run);
    assertEveryResultStoredOnce(id);
  }

  @Test
  void aNodeThatMissesTheStopRunDropsTheRunTheMasterNoLongerLists() throws Exception {
    long id = startSlowRunAndAwaitAction1("miss-the-stop", 1);
    assertEquals(SLOW_RUN_USERS, nodeUsers(), "node-a holds the run's users");
    ItStack.broker.pauseSubscriptions(Destinations.CONTROL);
    try {
      var abort = Stack.post(api().url("runs/" + id + "/abort"), "");
      assertEquals(202, abort.statusCode(), abort.body());
      assertEquals("STOPPED", api().awaitEnd(id, Duration.ofSeconds(30)).getString("state"));
      assertTrue(
          Stack.await(Duration.ofSeconds(10), () -> heldControlMessages() > 0),
          "the StopRun waits in node-a's subscription");
      assertEquals(SLOW_RUN_USERS, nodeUsers(), "node-a did not get it");
    } finally {
      ItStack.broker.dropAndResumeSubscriptions(Destinations.CONTROL); // lost on the way
    }
    assertTrue(
        Stack.await(Duration.ofSeconds(30), () -> nodeUsers() == 0),
        "node-a dropped the run once the master's active runs no longer listed it");
  }

  /** The users node-a's last heartbeat said it holds, or -1 when it is not live. */
  private long nodeUsers() {
    try {
      return Stack.json(Stack.get(api().url("nodes")).body()).asJsonArray().stream()
          .map(n -> n.asJsonObject())
          .filter(n -> n.getString("nodeId").equals("node-a"))
          .mapToLong(n -> n.getJsonNumber("users").longValue())
          .findFirst()
          .orElse(-1);
    } catch (Exception e) {
      return -1;
    }
  }

  private static long heldControlMessages() {
    return ItStack.broker.subscriptionMessages(Destinations.CONTROL);
  }
}
