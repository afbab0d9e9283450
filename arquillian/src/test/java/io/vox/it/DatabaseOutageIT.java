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
 * The database unreachable for 30 s in the middle of an action: the batches that fail are
 * redelivered after growing delays, nothing is dead-lettered, and the run completes with every
 * result stored once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DatabaseOutageIT {
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
  void batchesWaitOutA30SecondOutageAndNothingIsLost() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    String plan =
        """
        {"name": "db-outage", "target": "http://127.0.0.1:%d", "users": %d, "actions": %d,
         "action": {"method": "POST", "path": "/api/messages", "body": "{}"},
         "connect": {"method": "POST", "path": "/api/login",
                     "body": "{\\"user\\":\\"d${user}\\"}", "tokenField": "token"}}
        """
            .formatted(ItStack.slowSut.port(), USERS, ACTIONS);
    MasterApi api = new MasterApi(master);
    long id = api.submit(plan);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () ->
                Stack.countOrMinus(
                        "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1", id)
                    > 0),
        "action 1 under way");

    ItStack.dbProxy.cut();
    try {
      Thread.sleep(30_000);
      assertTrue(
          ItStack.broker.messageCount(Destinations.REPORTS) > 0,
          "reports wait in the broker while the database is away");
    } finally {
      ItStack.dbProxy.restore();
    }

    assertEquals(
        "COMPLETED", api.awaitEnd(id, Duration.ofSeconds(180)).getString("state"), "run state");
    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NULL", id),
        "every result stored, none failed");
    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "nothing stored twice");
    assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
  }
}
