package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The master alone on Payara Micro, fed report batches through the real broker. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReportCollectorIT {
  @Deployment(testable = false)
  @TargetsContainer("master")
  static WebArchive master() {
    return MasterApi.war("master");
  }

  @ArquillianResource URL base;

  private String api() {
    return new MasterApi(base).url("");
  }

  private static ReportBatch batch(String id, long runId, int users) {
    List<UserResult> results =
        LongStream.range(0, users)
            .mapToObj(
                u ->
                    UserResult.once(
                        u,
                        1,
                        1_700_000_000_000_000L,
                        1_700_000_000_000_000L + u,
                        1000 + u,
                        201,
                        null))
            .toList();
    return new ReportBatch(
        io.vox.messaging.Message.SCHEMA_VERSION,
        id,
        runId,
        "node-x",
        results,
        LatencyHistograms.of(results));
  }

  @Test
  void aBatchDeliveredTwiceIsStoredOnce() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    Stack.completedRun(9001);
    ReportBatch b = batch("twice-1", 9001, 50);
    Stack.send(Destinations.REPORTS, false, b);
    Stack.send(Destinations.REPORTS, false, b);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60),
            () ->
                Stack.countOrMinus("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9001) == 50
                    && ItStack.broker.messageCount(Destinations.REPORTS) == 0),
        "50 rows stored and the queue drained");
    assertEquals(50, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9001));
    assertEquals(1, Stack.count("SELECT COUNT(*) FROM vox_batch WHERE batch_id = ?", "twice-1"));
    // Two deliveries may race: the loser hits the (run, action, user) key, rolls back and is
    // redelivered, then skipped because its batch id is stored. Neither is dead-lettered.
    assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "the repeat was not dead-lettered");
  }

  @Test
  void anUnreadableBatchIsDeadLetteredAndTheCollectorGoesOn() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    Stack.completedRun(9002);
    Stack.sendRaw(Destinations.REPORTS, false, "ReportBatch", "{\"schemaVersion\":99}");
    Stack.send(Destinations.REPORTS, false, batch("after-poison", 9002, 10));
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60),
            () ->
                Stack.countOrMinus("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9002) == 10),
        "the good batch after the poison one is stored");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30), () -> ItStack.broker.messageCount("DLQ") == dlqBefore + 1),
        "the unreadable one is moved to the DLQ at once, not retried");
    try (var ctx = Stack.jms().createContext();
        var browser = ctx.createBrowser(ctx.createQueue("DLQ"))) {
      List<String> reasons = new java.util.ArrayList<>();
      for (var e = browser.getEnumeration(); e.hasMoreElements(); ) {
        var m = (jakarta.jms.Message) e.nextElement();
        reasons.add(String.valueOf(m.getStringProperty("voxRejected")));
      }
      assertTrue(
          reasons.stream().anyMatch(r -> r.contains("schemaVersion 99 is not supported")),
          "the admin sees why: " + reasons);
    }
  }

  @Test
  void aBadPlanGets400NamingEachWrongField() throws Exception {
    var r =
        Stack.post(
            api() + "runs",
            "{\"target\":\"ftp://x\",\"users\":0,\"usrs\":5,\"action\":{\"path\":\"/a\"}}");
    assertEquals(400, r.statusCode(), r.body());
    JsonObject body = Stack.json(r.body()).asJsonObject();
    List<String> fields =
        body.getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")).toList();
    assertTrue(fields.containsAll(List.of("/target", "/users", "/usrs")), r.body());
    assertTrue(!r.body().contains("Exception"), "no stack trace: " + r.body());

    var notJson = Stack.post(api() + "runs", "{users:");
    assertEquals(400, notJson.statusCode(), notJson.body());

    var missing = Stack.get(api() + "runs/424242");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("no run 424242"), missing.body());
  }

  @Test
  void healthSaysTheDatabaseIsReachableAndOpenApiDescribesTheRunsApi() throws Exception {
    String host = base.toString().replaceFirst("^(https?://[^/]+).*$", "$1");
    var ready = Stack.get(host + "/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(
        ready.body().contains("\"vox-master\"") && ready.body().contains("reachable"),
        ready.body());
    var openapi = Stack.get(host + "/openapi");
    assertEquals(200, openapi.statusCode());
    for (String path :
        List.of(
            "/api/runs/{id}/actions/{action}",
            "/api/runs/{id}/stop",
            "/api/runs/{id}/abort",
            "/api/runs/{id}/export",
            "/api/plans/{id}/runs",
            "/api/nodes",
            "/api/metrics")) {
      assertTrue(openapi.body().contains(path + ":"), path + " in " + openapi.body());
    }
  }
}
