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
import org.junit.jupiter.api.AfterEach;
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
    Stack.openRun(9001, "node-x");
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
  void errorTextsAreStoredAsSentWhateverTheyHold() throws Exception {
    Stack.openRun(9003, "node-é\t");
    long loadedBefore = written("load");
    String nasty = "tab\there\nnew line\r\\N back\\slash 'quote\" \0 é ✓ 😀";
    ReportBatch b =
        new ReportBatch(
            io.vox.messaging.Message.SCHEMA_VERSION,
            "nasty-1",
            9003,
            "node-é\t",
            List.of(
                UserResult.once(1, 1, 10, 11, 12, 500, nasty),
                UserResult.once(2, 1, 10, 11, 12, 201, null),
                UserResult.once(3, 1, 10, 11, 12, 0, "\\N")),
            List.of());
    Stack.send(Destinations.REPORTS, false, b);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60),
            () ->
                Stack.countOrMinus("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9003) == 3),
        "3 rows stored");
    try (var c = Stack.db();
        var st =
            c.prepareStatement(
                "SELECT user_id, node_id, error FROM vox_result WHERE run_id = 9003 ORDER BY user_id");
        var rs = st.executeQuery()) {
      List<String> rows = new java.util.ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
      }
      assertEquals(List.of("1|node-é\t|" + nasty, "2|node-é\t|null", "3|node-é\t|\\N"), rows);
    }
    assertTrue(written("load") >= loadedBefore + 3, "the rows went by LOAD DATA LOCAL INFILE");
  }

  @Test
  void whenTheServerRefusesLoadDataTheRowsGoByInsert() throws Exception {
    Stack.openRun(9004, "node-x");
    long insertedBefore = written("insert");
    try (var c = Stack.db();
        var st = c.createStatement()) {
      st.execute("SET GLOBAL local_infile = 0");
    }
    try {
      Stack.send(Destinations.REPORTS, false, batch("refused-1", 9004, 40));
      assertTrue(
          Stack.await(
              Duration.ofSeconds(60),
              () ->
                  Stack.countOrMinus("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9004)
                      == 40),
          "40 rows stored although LOAD DATA was refused");
      assertEquals(insertedBefore + 40, written("insert"), "by INSERT");
    } finally {
      try (var c = Stack.db();
          var st = c.createStatement()) {
        st.execute("SET GLOBAL local_infile = 1");
      }
    }
    // LOAD DATA is tried again 10 s after the refusal
    long loadedBefore = written("load");
    Thread.sleep(10_500);
    Stack.openRun(9005, "node-x");
    Stack.send(Destinations.REPORTS, false, batch("accepted-again-1", 9005, 30));
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60),
            () ->
                Stack.countOrMinus("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9005) == 30),
        "30 rows stored");
    assertEquals(loadedBefore + 30, written("load"), "by LOAD DATA again");
  }

  /** The master's count of result rows written by {@code method} (load or insert). */
  private long written(String method) throws Exception {
    var r = Stack.get(api() + "metrics");
    assertEquals(200, r.statusCode(), r.body());
    String prefix = "vox_result_rows_written_total{method=\"" + method + "\"} ";
    return r.body()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + r.body()));
  }

  @Test
  void theResultTablesAreKeyedByRunFirstWithNoSecondaryIndex() throws Exception {
    assertEquals(List.of("run_id", "action", "user_id"), primaryKey("vox_result"));
    assertEquals(List.of("run_id", "action", "user_id"), primaryKey("vox_error"));
    assertEquals(List.of("run_id", "action", "latency_us", "user_id"), primaryKey("vox_slow"));
    assertEquals(List.of("run_id", "action", "at_second"), primaryKey("vox_second"));
    assertEquals(
        0,
        Stack.count(
            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'vox_result' AND index_name <> 'PRIMARY'"),
        "every index of vox_result costs every insert");
  }

  private static List<String> primaryKey(String table) throws Exception {
    try (var c = Stack.db();
        var ps =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.statistics WHERE table_schema ="
                    + " DATABASE() AND table_name = ? AND index_name = 'PRIMARY' ORDER BY"
                    + " seq_in_index")) {
      ps.setString(1, table);
      List<String> columns = new java.util.ArrayList<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
        }
      }
      return columns;
    }
  }

  @Test
  void anUnreadableBatchIsDeadLetteredAndTheCollectorGoesOn() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    Stack.openRun(9002, "node-x");
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

  @AfterEach
  void endTheRuns() throws Exception {
    Stack.endRuns(9001, 9002, 9003, 9004, 9005, 9006);
  }

  @Test
  void aBatchThatCannotBeTrueIsDeadLetteredWithTheReasonAndNothingOfItIsStored() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    Stack.openRun(9006, "node-x");
    Stack.completedRun(9007);
    ReportBatch good = batch("honest", 9006, 10);
    List<ReportBatch> lies =
        List.of(
            batch("ended", 9007, 10),
            new ReportBatch(
                good.schemaVersion(),
                "stranger",
                9006,
                "node-z",
                good.results(),
                good.histograms()),
            batch("outside", 9006, 1001),
            new ReportBatch(
                good.schemaVersion(),
                "wide-histogram",
                9006,
                "node-x",
                List.of(),
                List.of(
                    new io.vox.messaging.LatencyHistogram(
                        1,
                        LatencyHistograms.encode(new org.HdrHistogram.Histogram(1, 1L << 40, 4)),
                        good.histograms().get(0).correctedHdr(),
                        null))));
    for (ReportBatch b : lies) {
      Stack.send(Destinations.REPORTS, false, b);
    }
    Stack.send(Destinations.REPORTS, false, good);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60), () -> ItStack.broker.messageCount("DLQ") == dlqBefore + 4),
        "each lie is dead-lettered at once");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(60),
            () ->
                Stack.countOrMinus("SELECT COUNT(*) FROM vox_batch WHERE batch_id = 'honest'")
                    == 1),
        "the honest batch is stored");
    assertEquals(10, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9006));
    assertEquals(0, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", 9007));
    assertEquals(
        0,
        Stack.count(
            "SELECT COUNT(*) FROM vox_batch WHERE batch_id IN ('ended', 'stranger', 'outside',"
                + " 'wide-histogram')"));
    List<String> reasons = new java.util.ArrayList<>();
    try (var ctx = Stack.jms().createContext();
        var browser = ctx.createBrowser(ctx.createQueue("DLQ"))) {
      for (var e = browser.getEnumeration(); e.hasMoreElements(); ) {
        var m = (jakarta.jms.Message) e.nextElement();
        reasons.add(String.valueOf(m.getStringProperty("voxRejected")));
      }
    }
    for (String expected :
        List.of(
            "batch ended of node node-x for run 9007 rejected: run 9007 has ended (COMPLETED)",
            "batch stranger of node node-z for run 9006 rejected: node node-z has no slice of run"
                + " 9006",
            "batch outside of node node-x for run 9006 rejected: user 1000 is not in node"
                + " node-x's slice (users 0 to 999)",
            "batch wide-histogram of node node-x for run 9006 rejected: a histogram of action 1:"
                + " HdrHistogram sized beyond the nodes' (4 significant digits")) {
      assertTrue(
          reasons.stream().anyMatch(r -> r.startsWith(expected)), expected + " in " + reasons);
    }
    assertTrue(metric("vox_batches_rejected_total") >= 4);
  }

  private long metric(String name) throws Exception {
    var r = Stack.get(api() + "metrics");
    return r.body()
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> Long.parseLong(l.substring(name.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + r.body()));
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
