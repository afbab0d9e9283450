package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import java.net.URL;
import java.time.Duration;
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
 * Artemis stopped for 2 s in the middle of an action and started again on its journal: master and
 * node reconnect by themselves, the run completes, no report is lost or stored twice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrokerRestartIT {
  private static final int USERS = 400;
  private static final int ACTIONS = 2;

  @Deployment(name = "master", testable = false, order = 1)
  @TargetsContainer("master")
  static WebArchive master() {
    return MasterApi.war("master");
  }

  @Deployment(name = "node-a", testable = false, order = 2)
  @TargetsContainer("node-a")
  static WebArchive node() {
    return MasterApi.war("node");
  }

  @ArquillianResource
  @OperateOnDeployment("master")
  URL master;

  @Test
  void masterAndNodeReconnectAndNoReportIsLostOrStoredTwice() throws Exception {
    String plan =
        """
        {"name": "restart-broker", "target": "http://127.0.0.1:%d", "users": %d, "actions": %d,
         "action": {"method": "POST", "path": "/api/messages", "body": "{}"},
         "connect": {"method": "POST", "path": "/api/login",
                     "body": "{\\"user\\":\\"b${user}\\"}", "tokenField": "token"}}
        """
            .formatted(ItStack.slowSut.port(), USERS, ACTIONS);
    long id = new MasterApi(master).submit(plan);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () ->
                Stack.countOrMinus(
                        "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1", id)
                    > 0),
        "action 1 under way");

    ItStack.restartBroker(Duration.ofSeconds(2));

    assertEquals(
        "COMPLETED",
        new MasterApi(master).awaitEnd(id, Duration.ofSeconds(120)).getString("state"));
    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NULL", id),
        "every result stored, none failed");
    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "nothing stored twice");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30), () -> ItStack.broker.messageCount(Destinations.REPORTS) == 0),
        "no report left waiting");
  }
}
