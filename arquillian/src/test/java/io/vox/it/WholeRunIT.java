package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A whole run: the master and two nodes on three Payara Micro instances, all over Artemis. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WholeRunIT extends MasterAndTwoNodesIT {
  private static final int USERS = 1000;
  private static final int ACTIONS = 2;

  private String apiUrl() {
    return api().url("");
  }

  @Test
  void bothNodesGetTheirShareAndEveryUserReportsEachActionExactlyOnce() throws Exception {
    String plan =
        """
        {"name": "two-nodes", "target": "http://127.0.0.1:%d", "users": %d, "minNodes": 2,
         "connect": [{"request": {"method": "POST", "url": "/api/login",
                                  "body": "{\\"user\\":\\"w${user}\\"}",
                                  "extract": [{"name": "token", "jsonPath": "$.token"}]}}],
         "actions": [{"name": "post", "repeat": %d, "steps": [
           {"request": {"method": "POST", "url": "/api/messages",
                        "headers": {"Authorization": "Bearer ${token}"},
                        "body": "{\\"n\\":${action}}"}}]}]}
        """
            .formatted(ItStack.sut.port(), USERS, ACTIONS);
    long id = api().submit(plan);

    JsonObject[] run = new JsonObject[1];
    assertTrue(
        Stack.await(
            Duration.ofSeconds(120),
            () -> {
              try {
                run[0] = Stack.json(Stack.get(apiUrl() + "runs/" + id).body()).asJsonObject();
                return !run[0].getString("state").matches("CREATED|CONNECTING|RUNNING");
              } catch (Exception e) {
                return false;
              }
            }),
        "run finished");
    assertEquals("COMPLETED", run[0].getString("state"), run[0].toString());
    assertEquals(USERS, run[0].getInt("connected"));
    assertEquals(2, run[0].getJsonArray("nodes").size());
    for (var n : run[0].getJsonArray("nodes")) {
      assertEquals(USERS / 2, n.asJsonObject().getInt("users"), n.toString());
    }

    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id));
    assertEquals(
        (long) USERS * ACTIONS,
        Stack.count(
            "SELECT COUNT(*) FROM (SELECT DISTINCT action, user_id FROM vox_result"
                + " WHERE run_id = ?) d",
            id));
    for (String node : new String[] {"node-a", "node-b"}) {
      assertEquals(
          (long) USERS / 2 * ACTIONS,
          Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = ?", id, node),
          node + " stored its share");
    }
    assertEquals(
        0,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NOT NULL", id));

    JsonObject action =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/actions/2").body()).asJsonObject();
    assertEquals(USERS, action.getJsonNumber("count").longValue());
    double p50 = action.getJsonNumber("p50Ms").doubleValue();
    double p99 = action.getJsonNumber("p99Ms").doubleValue();
    assertTrue(
        action.getJsonNumber("minMs").doubleValue() <= p50
            && p50 <= p99
            && p99 <= action.getJsonNumber("maxMs").doubleValue(),
        action.toString());

    // The summary's percentiles come from the merged HdrHistograms; the rows must agree to 3
    // digits.
    List<Long> sorted =
        longs(
            "SELECT GREATEST(1, latency_us) AS l FROM vox_result WHERE run_id = ? AND action = 2"
                + " AND error IS NULL ORDER BY l",
            id);
    for (String[] p : new String[][] {{"50", "p50Ms"}, {"95", "p95Ms"}, {"99", "p99Ms"}}) {
      int rank =
          (int) Math.max(1, Math.ceil(Double.parseDouble(p[0]) / 100 * sorted.size() - 1e-9));
      long fromRows = sorted.get(rank - 1);
      long fromHdr = Math.round(action.getJsonNumber(p[1]).doubleValue() * 1000);
      assertTrue(
          fromRows <= fromHdr && fromHdr <= fromRows + Math.max(1, fromRows / 1000),
          "p" + p[0] + ": rows " + fromRows + " us, histogram " + fromHdr + " us");
    }

    // and the dispatch skew's p99 is each user's start minus its intended start, from the rows
    List<Long> skews =
        longs(
            "SELECT GREATEST(1, start_us - intended_us) AS d FROM vox_result WHERE run_id = ?"
                + " AND action = 2 AND latency_us > 0 ORDER BY d",
            id);
    long skewRows = skews.get((int) Math.ceil(0.99 * skews.size()) - 1);
    long skewHdr = Math.round(action.getJsonNumber("dispatchP99Ms").doubleValue() * 1000);
    assertTrue(
        skewRows <= skewHdr && skewHdr <= skewRows + Math.max(1, skewRows / 1000),
        "dispatch p99: rows " + skewRows + " us, histogram " + skewHdr + " us");

    JsonObject page =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/results?page=1&size=300").body())
            .asJsonObject();
    assertEquals((long) USERS * ACTIONS, page.getJsonNumber("total").longValue());
    assertEquals(300, page.getJsonArray("rows").size());

    // keyset pages: from the start to the end by each page's cursor, every row once, in key order
    List<String> keys = new java.util.ArrayList<>();
    String after = null;
    do {
      JsonObject p =
          Stack.json(
                  Stack.get(
                          apiUrl()
                              + "runs/"
                              + id
                              + "/results?size=700"
                              + (after == null ? "" : "&after=" + after))
                      .body())
              .asJsonObject();
      for (var row : p.getJsonArray("rows")) {
        keys.add(row.asJsonObject().getInt("action") + ":" + row.asJsonObject().getInt("user"));
      }
      after = p.containsKey("next") && !p.isNull("next") ? p.getString("next") : null;
    } while (after != null);
    assertEquals(USERS * ACTIONS, keys.size(), "every row once");
    assertEquals(USERS * ACTIONS, new java.util.HashSet<>(keys).size(), "no row twice");
    assertEquals("1:0", keys.get(0));
    assertEquals(ACTIONS + ":" + (USERS - 1), keys.get(keys.size() - 1));
    JsonObject second =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/results?size=300&after=1:299").body())
            .asJsonObject();
    assertEquals(
        page.getJsonArray("rows"), second.getJsonArray("rows"), "the cursor page = OFFSET page 1");
  }

  @Test
  void anAbortOnFailThresholdEndsARunningRunWithItsFigure() throws Exception {
    // a ten-minute loop: only the live check can end it within the wait below
    String plan =
        """
        {"name": "abort-live", "target": "http://127.0.0.1:%d", "users": 20, "minNodes": 2,
         "actions": [{"name": "ping", "loop": {"durationMs": 600000, "pacingMs": 20},
                      "steps": [{"request": {"url": "/api/ping"}}]}],
         "thresholds": [{"metric": "p99", "below": 0.001, "abortOnFail": true, "delayMs": 500},
                        {"metric": "errorPercent", "below": 50}]}
        """
            .formatted(ItStack.sut.port());
    long id = api().submit(plan);
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(90));
    assertEquals("FAILED", run.getString("state"), run.toString());
    assertTrue(
        run.getString("error")
            .matches("threshold p99 < 0\\.001 failed while running \\(abortOnFail\\): [0-9.]+"),
        run.toString());
    assertEquals(false, run.getBoolean("passed"), "judged on what was stored");
  }

  @Test
  void aRunWaitingForNodesCanBeStoppedAndStoppingItAgainIsAConflict() throws Exception {
    String plan =
        "{\"target\": \"http://127.0.0.1:%d\", \"users\": 10, \"minNodes\": 3,"
                .formatted(ItStack.sut.port())
            + " \"actions\": [{\"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}";
    long id = api().submit(plan);
    assertEquals(202, Stack.post(apiUrl() + "runs/" + id + "/stop", "").statusCode());
    assertTrue(
        Stack.await(
            Duration.ofSeconds(20),
            () -> {
              try {
                return Stack.get(apiUrl() + "runs/" + id).body().contains("\"state\":\"STOPPED\"");
              } catch (Exception e) {
                return false;
              }
            }),
        "the coordinator stopped the run");
    var again = Stack.post(apiUrl() + "runs/" + id + "/stop", "");
    assertEquals(409, again.statusCode(), again.body());
    assertEquals(404, Stack.post(apiUrl() + "runs/987654/stop", "").statusCode());
  }

  @Test
  void theCliRunsAPlanForAPipelineAndExportsItsRows(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String masterUrl = apiUrl().replaceFirst("api/$", "");
    java.nio.file.Path plan = dir.resolve("plan.json");
    java.nio.file.Files.writeString(
        plan,
        ("{\"name\": \"cli\", \"target\": \"http://127.0.0.1:%d\", \"users\": 100,"
                + " \"actions\": [{\"name\": \"ping\", \"repeat\": 2,"
                + " \"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}],"
                + " \"thresholds\": [{\"metric\": \"errorPercent\", \"below\": 1}]}")
            .formatted(ItStack.sut.port()));
    Object[] run = Stack.vox("run", plan.toString(), "--master", masterUrl);
    assertEquals(0, run[0], (String) run[1]);
    String out = (String) run[1];
    assertTrue(out.matches("(?s).*Run \\d+ COMPLETED.*"), out);
    assertTrue(out.matches("(?s).*\\nRequests\\n.*\\n2 +GET /api/ping +100 +0 .*"), out);
    long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));

    java.nio.file.Path csv = dir.resolve("rows.csv");
    Object[] export =
        Stack.vox(
            "results",
            Long.toString(id),
            "--format",
            "csv",
            "--out",
            csv.toString(),
            "--master",
            masterUrl);
    assertEquals(0, export[0], (String) export[1]);
    List<String> lines = java.nio.file.Files.readAllLines(csv);
    assertEquals(
        "run,action,user,node,intended_us,start_us,latency_us,status,error,loop_iterations,"
            + "loop_failures,queued_us,group",
        lines.get(0));
    assertEquals(1 + 200, lines.size(), "a header and users x actions rows");
    assertTrue(lines.get(1).startsWith(id + ",1,0,node-"), lines.get(1));

    java.nio.file.Path json = dir.resolve("rows.json");
    Stack.vox(
        "results",
        Long.toString(id),
        "--format",
        "json",
        "--out",
        json.toString(),
        "--master",
        masterUrl);
    assertEquals(200, Stack.json(java.nio.file.Files.readString(json)).asJsonArray().size());

    java.nio.file.Path html = dir.resolve("report.html");
    Object[] report =
        Stack.vox(
            "results",
            Long.toString(id),
            "--format",
            "html",
            "--out",
            html.toString(),
            "--master",
            masterUrl);
    assertEquals(0, report[0], (String) report[1]);
    assertTrue(java.nio.file.Files.readString(html).contains("<h1>Run " + id + ": "));
    assertEquals(
        2, Stack.vox("results", "987654", "--master", masterUrl)[0], "no such run: exit 2");

    assertEquals(
        1, Stack.vox("stop", Long.toString(id), "--master", masterUrl)[0], "already ended");

    java.nio.file.Path bad = dir.resolve("bad.json");
    java.nio.file.Files.writeString(bad, "{\"users\": 0}");
    Object[] refused = Stack.vox("run", bad.toString(), "--master", masterUrl);
    assertEquals(2, refused[0]);
    assertTrue(((String) refused[1]).contains("/users: must be at least 1"), (String) refused[1]);
    assertEquals(
        2, Stack.vox("run", dir.resolve("missing.json").toString(), "--master", masterUrl)[0]);
    assertEquals(0, Stack.vox("status", "--master", masterUrl)[0]);
    Object[] denied = Stack.voxRaw("status", "--master", masterUrl, "--password", "wrong");
    assertEquals(2, denied[0], "a wrong password is an error: " + denied[1]);
    assertTrue(denied[1].toString().contains("wrong user name or password"), denied[1].toString());
  }

  @Test
  void aStallShowsInTheCorrectedLatencyThatTheRawLatencyHides() throws Exception {
    // 8000 users share 64 connections (32 per node): the first 64 requests wait out a 1 s stall,
    // the others wait for a connection before they are even written.
    String plan =
        ("{\"name\": \"stall\", \"target\": \"http://127.0.0.1:%d\", \"users\": 8000,"
                + " \"minNodes\": 2,"
                + " \"actions\": [{\"steps\": [{\"request\": {\"url\": \"/api/stall?ms=1000\"}}]}]}")
            .formatted(ItStack.sut.port());
    long id = api().submit(plan);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () -> {
              try {
                return Stack.get(apiUrl() + "runs/" + id).body().contains("\"COMPLETED\"");
              } catch (Exception e) {
                return false;
              }
            }),
        "run completed");
    JsonObject a =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/actions/1").body()).asJsonObject();
    assertEquals(0, a.getJsonNumber("errors").longValue(), a.toString());
    assertTrue(a.getJsonNumber("maxMs").doubleValue() >= 1000, "the stall happened: " + a);
    assertTrue(a.getJsonNumber("p99Ms").doubleValue() < 500, "raw p99 hides it: " + a);
    assertTrue(a.getJsonNumber("correctedP50Ms").doubleValue() >= 1000, "corrected shows it: " + a);
    assertTrue(a.getJsonNumber("correctedP99Ms").doubleValue() >= 1000, a.toString());
    assertTrue(
        a.getJsonNumber("dispatchP99Ms").doubleValue() >= 900,
        "the dispatch skew shows users that waited for a connection before sending: " + a);
  }

  /**
   * A regex that backtracks for ~0.1 s on each 13-byte response runs on the event loops: they run
   * late, and the action says its generator saturated; paced requests that cost the loops nothing
   * leave the flag down (over 5 s of samples, so that one short pause cannot raise it; after a
   * first action, since the first requests of a fresh node do run late: loading classes,
   * compiling).
   */
  @Test
  void anActionWhoseExtractionsBurnTheLoopsIsFlaggedGeneratorSaturatedAndAnIdleOneIsNot()
      throws Exception {
    String plan =
        ("{\"name\": \"saturation\", \"target\": \"http://127.0.0.1:%d\", \"users\": 10,"
                + " \"minNodes\": 2, \"actions\": ["
                + " {\"name\": \"warm-up\", \"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]},"
                + " {\"name\": \"idle\", \"loop\": {\"durationMs\": 10000, \"pacingMs\": 100},"
                + "  \"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]},"
                + " {\"name\": \"burn\", \"steps\": [{\"request\": {\"url\": \"/api/ping\","
                + "  \"extract\": [{\"name\": \"never\", \"regex\": \"(.?.?.?){7}X\"}]}}]},"
                + " {\"name\": \"after\", \"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}")
            .formatted(ItStack.sut.port());
    long id = api().submit(plan);
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    JsonObject idle =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/actions/2").body()).asJsonObject();
    assertTrue(idle.containsKey("loopLagP99Ms"), "the loops were sampled: " + idle);
    assertTrue(
        idle.getJsonNumber("loopLagP99Ms").doubleValue() < 50, "idle loops are on time: " + idle);
    assertEquals(false, idle.getBoolean("generatorSaturated"), idle.toString());

    JsonObject burn =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/actions/3").body()).asJsonObject();
    assertEquals(10, burn.getJsonNumber("errors").longValue(), "the regex never matches: " + burn);
    assertTrue(burn.getBoolean("generatorSaturated"), "the loops ran late: " + burn);
    assertTrue(burn.getJsonNumber("loopLagP99Ms").doubleValue() >= 50, burn.toString());
    assertTrue(!burn.getString("loopLagNode").isEmpty(), burn.toString());
    String report = Stack.get(apiUrl() + "runs/" + id + "/report").body();
    String idleRow = report.substring(report.indexOf("<tr><td>2</td><td class=l>idle</td>"));
    String burnRow = report.substring(report.indexOf("<tr><td>3</td><td class=l>burn</td>"));
    assertTrue(
        burnRow.substring(0, burnRow.indexOf("</tr>")).contains("generator saturated"), report);
    assertTrue(
        !idleRow.substring(0, idleRow.indexOf("</tr>")).contains("generator saturated"), report);
  }

  @Test
  void aMixedPopulationSplitsExactlyOverBothNodesAndEachGroupDoesItsOwnSteps() throws Exception {
    String plan =
        Stack.json(
                java.nio.file.Files.readString(java.nio.file.Path.of("../docs/plans/groups.json")))
            .asJsonObject()
            .toString()
            .replaceFirst(
                "\"target\":\"[^\"]*\"",
                "\"target\":\"http://127.0.0.1:" + ItStack.sut.port() + "\"")
            .replaceFirst("\"users\":42", "\"users\":42,\"minNodes\":2");
    io.vox.demo.DemoStats stats = ItStack.sut.stats();
    long items = stats.items();
    long messages = stats.messages();
    long profiles = stats.profiles();
    long id = api().submit(plan);
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(run.getBoolean("passed"), run.toString());
    assertEquals(2, run.getJsonArray("nodes").size());
    JsonObject feed = run.getJsonArray("thresholds").getJsonObject(1);
    assertEquals("p99 of request feed in browse < 5000", feed.getString("threshold"));
    assertTrue(feed.getJsonNumber("actual").doubleValue() > 0, feed.toString());

    // browsers 30 and buyers 10 browse; buyers and the 2 admins buy
    java.util.Map<String, Long> rows = new java.util.TreeMap<>();
    try (var c = Stack.db();
        var ps =
            c.prepareStatement(
                "SELECT node_id, user_group, action, COUNT(*) FROM vox_result WHERE run_id = ?"
                    + " AND error IS NULL GROUP BY node_id, user_group, action")) {
      ps.setLong(1, id);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.merge("g" + rs.getInt(2) + "@" + rs.getInt(3), rs.getLong(4), Long::sum);
          rows.merge(
              rs.getString(1) + " g" + rs.getInt(2) + "@" + rs.getInt(3), rs.getLong(4), Long::sum);
        }
      }
    }
    assertEquals(30L, rows.get("g0@1"), rows.toString());
    assertEquals(10L, rows.get("g1@1"), rows.toString());
    assertEquals(10L, rows.get("g1@2"), rows.toString());
    assertEquals(2L, rows.get("g2@2"), rows.toString());
    assertEquals(null, rows.get("g0@2"), "browsers sit buy out");
    assertEquals(null, rows.get("g2@1"), "admins sit browse out");
    assertEquals(52, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id));
    for (String node : new String[] {"node-a", "node-b"}) {
      for (String key : new String[] {" g0@1", " g1@1"}) {
        assertTrue(rows.getOrDefault(node + key, 0L) > 0, node + key + ": " + rows);
      }
    }
    // per request: each group's steps named, counted over both nodes
    java.util.Map<String, Long> requests = new java.util.TreeMap<>();
    for (var v :
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/requests").body())
            .asJsonObject()
            .getJsonArray("requests")) {
      JsonObject e = v.asJsonObject();
      assertEquals(0, e.getJsonNumber("errors").longValue(), e.toString());
      assertTrue(e.getJsonNumber("p99Ms").doubleValue() > 0, e.toString());
      requests.put(
          e.getString("actionName") + " " + e.getString("group") + " " + e.getString("name"),
          e.getJsonNumber("count").longValue());
    }
    // the browsers whose number ends in 0 or 5 took the if's branch and read their profile
    long profiles5 =
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1 AND user_group = 0"
                + " AND MOD(user_id, 5) = 0",
            id);
    assertTrue(profiles5 > 0, "some browser takes the branch");
    assertEquals(
        java.util.Map.of(
            "browse browsers feed", 30L,
            "browse browsers item", 30L,
            "browse browsers profile", profiles5,
            "browse buyers feed", 10L,
            "buy buyers feed", 10L,
            "buy buyers add to cart", 20L,
            "buy buyers order", 10L,
            "buy admins stats", 2L),
        requests,
        "each buyer added the feed's 2 items to its cart");

    long perSecond =
        Stack.json(Stack.get(apiUrl() + "runs/" + id + "/latency").body())
            .asJsonObject()
            .getJsonArray("requests")
            .stream()
            .mapToLong(v -> v.asJsonObject().getJsonNumber("count").longValue())
            .sum();
    assertEquals(
        112 + profiles5, perSecond, "the requests over time add up to every step of every user");
    assertEquals(50, stats.items() - items, "each browser read one item, each buyer two");
    assertEquals(10, stats.messages() - messages, "each buyer ordered once");
    assertEquals(10 + profiles5, stats.profiles() - profiles, "the buyers' connect, the branch");
  }

  /** The first column of {@code sql}'s rows for run {@code id}. */
  private static List<Long> longs(String sql, long id) throws java.sql.SQLException {
    List<Long> values = new java.util.ArrayList<>();
    try (var c = Stack.db();
        var q = c.prepareStatement(sql)) {
      q.setLong(1, id);
      try (var r = q.executeQuery()) {
        while (r.next()) {
          values.add(r.getLong(1));
        }
      }
    }
    return values;
  }

  @Test
  void liveLatencyReachesPrometheusAndTheDashboardQueriesOnlyMetricsThatExist() throws Exception {
    long id =
        api()
            .submit(
                """
                {"name": "metrics", "target": "http://127.0.0.1:%d", "users": 40, "minNodes": 2,
                 "actions": [{"name": "ping", "repeat": 2, "steps": [
                   {"request": {"method": "GET", "url": "/api/ping"}}]}]}
                """
                    .formatted(ItStack.sut.port()));
    assertEquals("COMPLETED", api().awaitEnd(id, Duration.ofSeconds(120)).getString("state"));
    String run = "run=\"" + id + "\",action=\"ping\"";
    String[] master = new String[1];
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30),
            () -> {
              try {
                master[0] = Stack.get(apiUrl() + "metrics", Stack.VIEWER).body();
                return master[0].contains("vox_action_latency_seconds_count{" + run + "} 80\n");
              } catch (Exception e) {
                return false;
              }
            }),
        "every result of both repeats in the action's histogram:\n" + master[0]);
    assertTrue(
        master[0].contains("vox_step_requests_total{" + run + ",request=\"GET /api/ping\"} 80\n"),
        master[0]);
    assertTrue(
        master[0].contains(
            "vox_request_latency_seconds_bucket{"
                + run
                + ",request=\"GET /api/ping\",le=\"+Inf\"} 80\n"),
        master[0]);
    String nodeA = Stack.get("http://127.0.0.1:18181/node/api/metrics", null).body();
    String nodeB = Stack.get("http://127.0.0.1:18182/node/api/metrics", null).body();
    String nodes = nodeA + nodeB;
    assertTrue(
        java.util.regex.Pattern.compile(
                "vox_node_event_loop_lag_seconds_count\\{node=\"node-a\"} [1-9]")
            .matcher(nodes)
            .find(),
        nodes);

    assertTrue(
        nodes.contains("vox_node_event_loop_lag_seconds_bucket{node=\"node-a\",le=\"0.0025\"}"),
        "bounds written exactly: " + nodes);
    for (String exposition : List.of(master[0], nodeA, nodeB)) {
      assertHistogramsHold(exposition);
    }

    java.util.Set<String> exposed = new java.util.HashSet<>();
    for (String line : (master[0] + nodes).split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        exposed.add(line.split("[{ ]", 2)[0]);
      }
    }
    String dashboard =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "docker", "grafana", "dashboards", "vox.json"));
    java.util.regex.Matcher queried =
        java.util.regex.Pattern.compile("\\bvox_[a-z0-9_]+").matcher(dashboard);
    int n = 0;
    while (queried.find()) {
      n++;
      assertTrue(
          exposed.contains(queried.group()),
          queried.group() + " is queried by the dashboard but exposed by no master or node");
    }
    assertTrue(n >= 10, "the dashboard queries Vox's metrics");
  }

  /**
   * The exposition format's rules for histograms: buckets cumulative in rising bounds, the last one
   * (+Inf) equal to _count, and no series twice.
   */
  private static void assertHistogramsHold(String text) {
    java.util.Map<String, Long> infs = new java.util.HashMap<>();
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    java.util.Map<String, long[]> last = new java.util.HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.regex.Pattern bucket =
        java.util.regex.Pattern.compile("(\\w+)_bucket\\{(.*),le=\"([^\"]+)\"} (\\d+)");
    java.util.regex.Pattern count = java.util.regex.Pattern.compile("(\\w+)_count\\{(.*)} (\\d+)");
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      assertTrue(seen.add(line.substring(0, line.lastIndexOf(' '))), "a series twice: " + line);
      java.util.regex.Matcher b = bucket.matcher(line);
      java.util.regex.Matcher c = count.matcher(line);
      if (b.matches()) {
        String series = b.group(1) + "{" + b.group(2) + "}";
        long n = Long.parseLong(b.group(4));
        long[] before = last.get(series);
        assertTrue(before == null || n >= before[0], "cumulative: " + line);
        last.put(series, new long[] {n});
        if (b.group(3).equals("+Inf")) {
          infs.put(series, n);
        }
      } else if (c.matches()) {
        counts.put(c.group(1) + "{" + c.group(2) + "}", Long.parseLong(c.group(3)));
      }
    }
    assertTrue(!infs.isEmpty(), "histograms there");
    infs.forEach((series, n) -> assertEquals(n, counts.get(series), "+Inf is _count: " + series));
  }
}
