package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.launcher.PayaraProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The master's Payara killed with SIGKILL in the middle of a run, then started again on the same
 * database and broker: the run resumes from the database, the reports waiting in Artemis are
 * stored, and nothing is stored twice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MasterRestartIT extends MasterAndNodeIT {
  @Test
  void aRestartedMasterResumesTheRunAndStoresEveryReportOnce() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    long id = startSlowRunAndAwaitAction1("restart-master", 1);

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
            ItStack.BROKER_USER,
            ItStack.BROKER_PASSWORD,
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
            Map.of("VOX_SECURITY_USERS", System.getProperty("it.users")),
            "/login.xhtml")) {
      restarted.awaitReady(Duration.ofMinutes(3));
      assertEquals("COMPLETED", api().awaitEnd(id, Duration.ofSeconds(120)).getString("state"));
      assertEveryResultStoredOnce(id);
      assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
    }
  }
}
