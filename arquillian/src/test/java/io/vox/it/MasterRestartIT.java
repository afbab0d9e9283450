package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.launcher.PayaraProcess;
import io.vox.messaging.Destinations;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The master's Payara killed with SIGKILL in the middle of a run, then started again on the same
 * database and broker: the run resumes from the database, the reports waiting in Artemis are
 * stored, and nothing is stored twice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MasterRestartIT {
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
  void aRestartedMasterResumesTheRunAndStoresEveryReportOnce() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    String plan =
        """
        {"name": "restart-master", "target": "http://127.0.0.1:%d", "users": %d, "actions": %d,
         "connect": {"method": "POST", "path": "/api/login",
                     "body": "{\\"user\\":\\"m${user}\\"}", "tokenField": "token"},
         "action": {"method": "POST", "path": "/api/messages", "body": "{}"}}
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

    List<ProcessHandle> masters =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().commandLine().orElse("").contains("master.war"))
            .toList();
    assertEquals(1, masters.size(), "the master's Payara process");
    masters.get(0).destroyForcibly(); // SIGKILL, mid-action
    masters.get(0).onExit().get();

    int port = Integer.parseInt(master.toString().replaceFirst("^https?://[^:]+:(\\d+).*$", "$1"));
    try (PayaraProcess restarted =
        PayaraProcess.start(
            "master-restarted",
            Path.of("target"),
            Path.of("target", "restart-" + id),
            Path.of("target", "master.war"),
            port,
            ItStack.broker.port(),
            List.of("-Xmx512m"),
            Map.of(
                "vox.db.url",
                ItStack.db.jdbcUrl(),
                "vox.db.user",
                "vox",
                "vox.db.password",
                "vox",
                "vox.master.node-lost-ms",
                "6000"),
            "/api/nodes")) {
      restarted.awaitReady(Duration.ofMinutes(3));
      assertEquals(
          "COMPLETED",
          new MasterApi(master).awaitEnd(id, Duration.ofSeconds(120)).getString("state"));
      assertEquals(
          (long) USERS * ACTIONS,
          Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NULL", id),
          "every user's result of every action stored, none lost, none failed");
      assertEquals(
          (long) USERS * ACTIONS,
          Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
          "nothing stored twice");
      assertTrue(
          Stack.await(
              Duration.ofSeconds(30), () -> ItStack.broker.messageCount(Destinations.REPORTS) == 0),
          "no report left waiting");
      assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
    }
  }
}
