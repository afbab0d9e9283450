package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import io.vox.messaging.Message;
import io.vox.messaging.NodeHeartbeat;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import java.io.File;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node on Payara Micro; the test plays the master over the real broker: it publishes StartRun
 * and RunAction on vox.control and reads what the node sends on vox.events and vox.reports.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ManagerIT {
  private static final int V = io.vox.messaging.Message.SCHEMA_VERSION;

  private static final int USERS = 300;

  @Deployment(testable = false)
  @TargetsContainer("node-a")
  static WebArchive node() {
    return ShrinkWrap.create(ZipImporter.class, "node.war")
        .importFrom(new File("target/node.war"))
        .as(WebArchive.class);
  }

  @Test
  void startRunSpawnsTheSliceTheUsersConnectAndEachActionIsReportedOnce() throws Exception {
    long loginsBefore = ItStack.sut.stats().logins();
    try (JMSContext ctx = Stack.jms().createContext();
        JMSConsumer events = ctx.createConsumer(ctx.createQueue(Destinations.EVENTS));
        JMSConsumer reports = ctx.createConsumer(ctx.createQueue(Destinations.REPORTS))) {
      Message first = Stack.receive(events, Duration.ofSeconds(60));
      assertTrue(first instanceof NodeHeartbeat h && h.nodeId().equals("node-a"), "" + first);

      Stack.send(
          Destinations.CONTROL,
          true,
          new StartRun(
              V,
              501,
              "http://127.0.0.1:" + ItStack.sut.port(),
              10_000,
              Scenarios.loginThenPost("it-${user}", 1),
              List.of(new NodeSlice("node-a", 1000, USERS), new NodeSlice("node-z", 0, 7)),
              java.util.Map.of()));
      NodeReady ready = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (ready == null && System.nanoTime() < deadline) {
        if (Stack.receive(events, Duration.ofSeconds(5)) instanceof NodeReady r) {
          ready = r;
        }
      }
      assertEquals(new NodeReady(V, 501, "node-a", USERS, 0, ""), ready.withIncarnation(""));
      assertEquals(36, ready.incarnation().length(), "the node's process, a UUID");
      assertEquals(USERS, ItStack.sut.stats().logins() - loginsBefore, "each user logged in once");

      Stack.send(Destinations.CONTROL, true, new RunAction(V, 501, 1, 0));
      Stack.send(Destinations.CONTROL, true, new RunAction(V, 501, 1, 0)); // a repeat: ignored
      Set<Long> users = new HashSet<>();
      int results = 0;
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (results < USERS && System.nanoTime() < deadline) {
        if (Stack.receive(reports, Duration.ofSeconds(5)) instanceof ReportBatch b) {
          assertEquals(501, b.runId());
          for (UserResult r : b.results()) {
            results++;
            users.add(r.user());
            assertEquals(201, r.status(), "user " + r.user() + ": " + r.error());
          }
        }
      }
      assertEquals(USERS, results);
      assertEquals(USERS, users.size(), "one result per user");
      assertTrue(users.contains(1000L) && users.contains(1000L + USERS - 1), "the node's slice");
      assertEquals(null, Stack.receive(reports, Duration.ofSeconds(2)), "nothing twice");
    }
    var metrics = Stack.get("http://127.0.0.1:18181/node/api/metrics");
    assertEquals(200, metrics.statusCode(), metrics.body());
    java.util.Map<String, Long> values = new java.util.HashMap<>();
    for (String line : metrics.body().split("\n")) {
      if (!line.startsWith("#")) {
        assertTrue(
            line.matches(
                "vox_node_\\w+\\{node=\"node-a\"(,\\w+=\"[\\w.+]+\")?} [0-9]+(\\.[0-9]+)?"),
            "sample: " + line);
        if (line.matches(
            "\\S+ \\d+")) { // the counts; the histogram's sum and the CPU have decimals
          values.put(
              line.substring(0, line.indexOf('{')),
              Long.valueOf(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
    }
    assertEquals(USERS, values.get("vox_node_users"), metrics.body());
    assertTrue(values.get("vox_node_results_total") >= USERS, metrics.body());
    assertTrue(values.get("vox_node_results_sent_total") >= USERS, metrics.body());
    assertEquals(0, values.get("vox_node_result_errors_total"), metrics.body());
    assertEquals(0, values.get("vox_node_unsent_batches"), metrics.body());
    assertTrue(
        metrics.body().contains("vox_node_tls_info{node=\"node-a\",provider=\"openssl\"} 1"),
        "OpenSSL loads on a node: " + metrics.body());
  }

  @Test
  void healthSaysTheNodeIsReady() throws Exception {
    var ready = Stack.get("http://127.0.0.1:18181/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"nodeId\":\"node-a\""), ready.body());
  }
}
