package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The report queries, exports, HTML report and deletion on MariaDB, over one run whose users with
 * {@code u mod 10 = 9} call a path the demo API does not have (404), twice: 20 of 200 users fail
 * each action, with the same reason.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReportsIT extends MasterAndNodeIT {
  private static final int USERS = 200;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static long run;

  private long run() throws Exception {
    if (run == 0) {
      String rows =
          java.util.stream.IntStream.range(0, 10)
              .mapToObj(i -> "{\"p\": \"" + (i == 9 ? "nope" : "ping") + "\"}")
              .collect(Collectors.joining(","));
      String plan =
          """
          {"name": "reports", "target": "http://127.0.0.1:%d", "users": %d,
           "feeders": [{"name": "path", "strategy": "circular", "rows": [%s]}],
           "actions": [{"name": "mixed", "repeat": 2, "steps": [
             {"request": {"method": "GET", "url": "/api/${path.p}", "checks": [{"status": 200}]}}]}]}
          """
              .formatted(ItStack.sut.port(), USERS, rows);
      long id = api().submit(plan);
      JsonObject done = api().awaitEnd(id, Duration.ofSeconds(120));
      assertEquals("COMPLETED", done.getString("state"), done.toString());
      run = id;
    }
    return run;
  }

  private JsonValue get(String path) throws Exception {
    var r = Stack.get(api().url(path));
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return Stack.json(r.body());
  }

  private void badRequest(String path, String field) throws Exception {
    var r = Stack.get(api().url(path));
    assertEquals(400, r.statusCode(), path + ": " + r.body());
    assertTrue(r.body().contains("\"field\":\"" + field + "\""), r.body());
    assertFalse(r.body().contains("Exception"), r.body());
  }

  private static final String REASON = "GET /api/${path.p}: status 404, expected 200";

  @Test
  void errorsGroupedByReasonAndByNodeAndListedByUser() throws Exception {
    long id = run();
    JsonArray byReason = get("runs/" + id + "/errors").asJsonObject().getJsonArray("groups");
    assertEquals(2, byReason.size(), byReason.toString());
    for (int k = 0; k < 2; k++) {
      JsonObject g = byReason.getJsonObject(k);
      assertEquals(k + 1, g.getInt("action"));
      assertEquals(REASON, g.getString("key"));
      assertEquals(20, g.getInt("count"));
    }
    JsonArray byNode =
        get("runs/" + id + "/errors?by=node&action=2").asJsonObject().getJsonArray("groups");
    assertEquals(1, byNode.size(), byNode.toString());
    assertEquals("node-a", byNode.getJsonObject(0).getString("key"));
    assertEquals(20, byNode.getJsonObject(0).getInt("count"));

    JsonArray users =
        get("runs/" + id + "/errors?by=user&action=1&limit=15").asJsonObject().getJsonArray("rows");
    JsonArray rest =
        get("runs/" + id + "/errors?by=user&action=1&limit=15&page=1")
            .asJsonObject()
            .getJsonArray("rows");
    assertEquals(15, users.size());
    assertEquals(5, rest.size());
    List<Long> failed =
        java.util.stream.Stream.concat(users.stream(), rest.stream())
            .map(v -> v.asJsonObject().getJsonNumber("user").longValue())
            .toList();
    assertEquals(
        java.util.stream.LongStream.range(0, USERS).filter(u -> u % 10 == 9).boxed().toList(),
        failed,
        "users 9, 19, ... in order");

    badRequest("runs/" + id + "/errors?by=colour", "by");
    badRequest("runs/" + id + "/errors?limit=0", "limit");
    badRequest("runs/" + id + "/errors?action=3", "action");
    assertEquals(404, Stack.get(api().url("runs/987654/errors")).statusCode());
  }

  private static List<Long> latencies(JsonValue list) {
    return list.asJsonObject().getJsonArray("rows").stream()
        .map(v -> v.asJsonObject().getJsonNumber("latencyUs").longValue())
        .toList();
  }

  @Test
  void slowestUsersAndOneUsersTimeline() throws Exception {
    long id = run();
    JsonArray slow =
        get("runs/" + id + "/actions/1/slowest?limit=5").asJsonObject().getJsonArray("rows");
    assertEquals(5, slow.size());
    long previous = Long.MAX_VALUE;
    for (JsonValue v : slow) {
      JsonObject r = v.asJsonObject();
      long latency = r.getJsonNumber("latencyUs").longValue();
      assertTrue(latency <= previous, "slowest first: " + slow);
      assertTrue(noError(r), "successful results only: " + r);
      previous = latency;
    }
    double maxMs = api().action(id, 1).getJsonNumber("maxMs").doubleValue();
    double slowestMs = slow.getJsonObject(0).getJsonNumber("latencyUs").longValue() / 1000.0;
    assertTrue(
        Math.abs(maxMs - slowestMs) <= slowestMs * 0.001 + 0.001,
        "the slowest row is the histogram's max: " + maxMs + " vs " + slowestMs);
    badRequest("runs/" + id + "/actions/1/slowest?limit=100000", "limit");
    // up to 100 come from the collector's per-batch candidates (vox_slow), more from a scan of
    // the action's rows: the two agree on the slowest 100 (ties in any order)
    List<Long> kept = latencies(get("runs/" + id + "/actions/1/slowest?limit=100"));
    List<Long> scanned = latencies(get("runs/" + id + "/actions/1/slowest?limit=101"));
    assertEquals(100, kept.size());
    assertEquals(scanned.subList(0, 100), kept);
    assertEquals(
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1 AND error IS NULL",
            id),
        latencies(get("runs/" + id + "/actions/1/slowest?limit=" + USERS)).size(),
        "every successful result, by the scan");

    JsonArray user19 = get("runs/" + id + "/users/19").asJsonObject().getJsonArray("rows");
    assertEquals(2, user19.size());
    assertEquals(
        List.of(1, 2), user19.stream().map(v -> v.asJsonObject().getInt("action")).toList());
    assertTrue(user19.stream().allMatch(v -> REASON.equals(v.asJsonObject().getString("error"))));
    JsonArray user3 = get("runs/" + id + "/users/3").asJsonObject().getJsonArray("rows");
    assertTrue(user3.stream().allMatch(v -> noError(v.asJsonObject())), user3.toString());
    assertEquals(404, Stack.get(api().url("runs/" + id + "/users/" + USERS)).statusCode());
  }

  @Test
  void resultsPerSecondAndLatencyOverTimeAddUpToTheRun() throws Exception {
    long id = run();
    JsonArray seconds =
        get("runs/" + id + "/timeline?action=1").asJsonObject().getJsonArray("seconds");
    assertEquals(
        USERS,
        seconds.stream().mapToLong(v -> v.asJsonObject().getJsonNumber("count").longValue()).sum());
    assertEquals(
        20,
        seconds.stream()
            .mapToLong(v -> v.asJsonObject().getJsonNumber("errors").longValue())
            .sum());
    double maxPerSecond =
        seconds.stream()
            .filter(v -> !v.asJsonObject().isNull("maxMs"))
            .mapToDouble(v -> v.asJsonObject().getJsonNumber("maxMs").doubleValue())
            .max()
            .orElseThrow();
    double maxMs = api().action(id, 1).getJsonNumber("maxMs").doubleValue();
    assertTrue(
        Math.abs(maxMs - maxPerSecond) <= maxPerSecond * 0.001 + 0.001,
        "the seconds' max is the action's: " + maxPerSecond + " vs " + maxMs);
    JsonArray all = get("runs/" + id + "/timeline").asJsonObject().getJsonArray("seconds");
    assertEquals(
        2L * USERS,
        all.stream().mapToLong(v -> v.asJsonObject().getJsonNumber("count").longValue()).sum());

    JsonArray latency = get("runs/" + id + "/latency").asJsonObject().getJsonArray("seconds");
    assertEquals(
        2L * (USERS - 20),
        latency.stream().mapToLong(v -> v.asJsonObject().getJsonNumber("count").longValue()).sum(),
        "every successful result in one second's histogram");
    for (JsonValue v : latency) {
      JsonObject s = v.asJsonObject();
      assertTrue(s.getJsonNumber("p50Ms").doubleValue() <= s.getJsonNumber("p99Ms").doubleValue());
    }
    JsonArray skew = get("runs/" + id + "/skew").asJsonObject().getJsonArray("nodes");
    assertEquals(2, skew.size(), skew.toString());
    assertTrue(skew.stream().allMatch(v -> "node-a".equals(v.asJsonObject().getString("nodeId"))));
  }

  @Test
  void twoRunsSideBySide() throws Exception {
    long id = run();
    JsonObject same = get("runs/compare?a=" + id + "&b=" + id).asJsonObject();
    JsonArray actions = same.getJsonArray("actions");
    assertEquals(2, actions.size());
    for (JsonValue v : actions) {
      JsonObject p = v.asJsonObject();
      assertEquals("mixed", p.getString("nameA"));
      assertEquals(1.0, p.getJsonNumber("p99Ratio").doubleValue(), 1e-9, p.toString());
      assertEquals(1.0, p.getJsonNumber("errorShareRatio").doubleValue(), 1e-9, p.toString());
    }
    badRequest("runs/compare?a=" + id, "b");
    assertEquals(404, Stack.get(api().url("runs/compare?a=" + id + "&b=987654")).statusCode());
  }

  @Test
  void exportsStreamEveryRowAsCsvAndJson() throws Exception {
    long id = run();
    var csv = Stack.get(api().url("runs/" + id + "/export?format=csv"));
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    List<String> lines = csv.body().lines().toList();
    assertEquals(
        "run,action,user,node,intended_us,start_us,latency_us,status,error,loop_iterations,"
            + "loop_failures,queued_us,group",
        lines.get(0));
    assertEquals(1 + 2 * USERS, lines.size());
    assertEquals(40, lines.stream().filter(l -> l.contains(",404,")).count(), "40 failed rows");
    assertTrue(lines.get(1).startsWith(id + ",1,0,node-a,"), lines.get(1));

    JsonArray json = get("runs/" + id + "/export?format=json").asJsonArray();
    assertEquals(2 * USERS, json.size());
    JsonObject first = json.getJsonObject(0);
    assertEquals(1, first.getInt("action"));
    assertEquals(0, first.getInt("user"));
    assertEquals(200, first.getInt("status"));
    badRequest("runs/" + id + "/export?format=xml", "format");
  }

  @Test
  void anHtmlReportToOpenOffline() throws Exception {
    long id = run();
    var r = Stack.get(api().url("runs/" + id + "/report"));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    String html = r.body();
    assertTrue(html.contains("<h1>Run " + id + ": reports</h1>"), html);
    assertTrue(html.split("<svg", -1).length - 1 >= 3, "three charts");
    assertTrue(html.contains("<polyline"), "the charts have data");
    assertTrue(html.contains("/api/${path.p}: status 404"), "the top error is listed");
    assertFalse(html.contains("<script") || html.contains(" src=") || html.contains("href="));
  }

  @Test
  void aRunIsDeletedWithItsRowsOnlyOnceItHasEnded() throws Exception {
    long running =
        api()
            .submit(
                """
                {"name": "waits", "target": "http://127.0.0.1:%d", "users": 10,
                 "actions": [{"name": "later", "start": "manual", "steps": [
                   {"request": {"method": "GET", "url": "/api/ping"}}]}]}
                """
                    .formatted(ItStack.sut.port()));
    assertTrue(
        Stack.await(Duration.ofSeconds(60), () -> "RUNNING".equals(api().state(running))),
        "the run waits for its operator");
    var refused = delete(running);
    assertEquals(409, refused.statusCode(), refused.body());
    Stack.post(api().url("runs/" + running + "/next"), "");
    api().awaitEnd(running, Duration.ofSeconds(60));
    assertEquals(10, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", running));

    var deleted = delete(running);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals(10, Stack.json(deleted.body()).asJsonObject().getInt("rows"));
    assertEquals(404, Stack.get(api().url("runs/" + running)).statusCode());
    for (String table : List.of("vox_result", "vox_error", "vox_histogram", "vox_batch")) {
      assertEquals(
          0, Stack.count("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", running), table);
    }
    assertEquals(404, delete(running).statusCode());
  }

  @Test
  void metricsInThePrometheusTextFormat() throws Exception {
    run(); // a completed run with results and errors
    var r = Stack.get(api().url("metrics"));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    java.util.Map<String, Double> values = new java.util.HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("#")) {
        assertTrue(line.matches("# (HELP|TYPE) vox_\\w+ .+"), line);
        continue;
      }
      assertTrue(
          line.matches(
              "vox_\\w+(\\{\\w+=\"(?:[^\"\\\\]|\\\\.)*\"(,\\w+=\"(?:[^\"\\\\]|\\\\.)*\")*})? -?[0-9.]+"),
          "sample: " + line);
      values.put(
          line.substring(0, line.lastIndexOf(' ')),
          Double.valueOf(line.substring(line.lastIndexOf(' ') + 1)));
    }
    assertTrue(values.get("vox_results_stored_total") >= 2 * USERS, values.toString());
    assertTrue(values.get("vox_result_errors_total") >= 40, values.toString());
    assertTrue(values.get("vox_runs{state=\"COMPLETED\"}") >= 1, values.toString());
    assertEquals(1.0, values.get("vox_nodes_live"), values.toString());
    assertTrue(values.containsKey("vox_node_users{node=\"node-a\"}"), values.toString());
    assertTrue(values.get("vox_batches_stored_total") > 0, values.toString());
    assertTrue(values.get("vox_batch_store_seconds_sum") > 0, values.toString());
    assertTrue(values.get("vox_report_lag_seconds") >= 0, "the broker was browsed: " + values);
  }

  /** A row without an error (JSON-B leaves null fields out). */
  private static boolean noError(JsonObject row) {
    return !row.containsKey("error") || row.isNull("error");
  }

  private HttpResponse<String> delete(long id) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api().url("runs/" + id)))
            .header("Authorization", Stack.ADMIN)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
