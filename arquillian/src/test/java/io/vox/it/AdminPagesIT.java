package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The admin pages as an operator uses them, in headless Chromium: write a plan (its errors shown by
 * the fields), start it, watch it live, fire the next action, read its results, see the nodes;
 * upload and delete plans; stop and abort runs from their page. Screenshots of each page are saved
 * in target/screenshots for the docs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPagesIT extends MasterAndNodeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int USERS = 300;

  /** Every tenth user asks for a path the demo API does not have in action 1; action 2 waits. */
  private static final String REST =
      """
      {"feeders": [{"name": "path", "strategy": "circular", "rows": [%s]}],
       "actions": [
         {"name": "mixed", "steps": [
           {"request": {"method": "GET", "url": "/api/${path.p}", "checks": [{"status": 200}]}}]},
         {"name": "ping", "start": "manual", "steps": [{"request": {"url": "/api/ping"}}]}]}
      """
          .formatted(
              IntStream.range(0, 10)
                  .mapToObj(i -> "{\"p\": \"" + (i == 9 ? "nope" : "ping") + "\"}")
                  .collect(Collectors.joining(", ")));

  private String pages() {
    return api().url("").replaceFirst("api/$", "");
  }

  private static String sut() {
    return "http://127.0.0.1:" + ItStack.sut.port();
  }

  /** The cells' text of each row of data table {@code id}, read at once (polls re-render it). */
  private static List<List<String>> rows(Browser b, String id) {
    return b.rows(id);
  }

  /** The row of data table {@code id} whose first cell is {@code first}, or null. */
  private static List<String> row(Browser b, String id, String first) {
    return rows(b, id).stream().filter(r -> r.get(0).equals(first)).findFirst().orElse(null);
  }

  @Test
  void anOperatorWritesAPlanRunsItWatchesItAndReadsTheResults() throws Exception {
    try (Browser b = new Browser(1280, 1000)) {
      b.open(pages() + "plan.xhtml"); // not logged in: the login page, then back here
      b.shot("login");
      b.logIn("admin", ItStack.ADMIN_PASSWORD);
      assertTrue(b.driver.getCurrentUrl().endsWith("/plan.xhtml"), b.driver.getCurrentUrl());
      assertEquals("admin", b.text("caller"));
      b.type("plan:name", "browser");
      b.type("plan:target", sut());
      b.type("plan:users", "0");
      b.type("plan:rest", REST.replace("\"method\": \"GET\"", "\"methd\": \"GET\""));
      b.id("plan:save").click();
      String usersError = b.await(WAIT, "the users error", d -> nonEmpty(b.text("plan:usersMsg")));
      assertEquals("must be at least 1", usersError);
      String restError = b.await(WAIT, "the rest's error", d -> nonEmpty(b.text("plan:restMsgs")));
      assertTrue(
          restError.contains("/actions/0/steps/0/request/methd: is not a known field"), restError);
      b.shot("plan-errors");

      b.type("plan:users", Integer.toString(USERS));
      b.type("plan:rest", REST);
      // before saving: one user runs the plan on the master, every request shown
      b.id("plan:try").click();
      String trace = b.await(WAIT, "the trial's trace", d -> nonEmpty(b.text("trace")));
      assertTrue(trace.contains("> GET " + sut() + "/api/ping  (HTTP/1.1)"), trace);
      assertTrue(trace.contains("< 200 in "), trace);
      assertTrue(trace.contains("action 2 (ping): 1 of 1 users passed"), trace);
      assertEquals("every check passed", b.text("trialVerdict"));
      b.shot("plan-try");
      b.id("plan:saveAndStart").click();
      String url =
          b.await(
              WAIT,
              "the run's page",
              d -> d.getCurrentUrl().contains("run.xhtml") ? d.getCurrentUrl() : null);
      long id = Long.parseLong(url.replaceFirst(".*[?&]id=(\\d+).*", "$1"));

      // live: the page follows the run by itself until action 1 is done and action 2 waits
      b.await(
          WAIT,
          "action 1 reported by every user",
          d ->
              b.text("action").equals("1 / 2")
                  && rows(b, "run:actions").get(0).get(3).equals(USERS + " / " + USERS));
      assertEquals(USERS + " / " + USERS, b.text("connected"));
      assertEquals("RUNNING", b.text("state"), "action 2 waits for the operator");
      List<String> first = rows(b, "run:actions").get(0);
      assertEquals("30", first.get(4), "errors of action 1: " + first);
      assertEquals("100%", first.get(2).trim());
      assertEquals("node-a", rows(b, "run:nodes").get(0).get(0));
      b.shot("run-live");

      b.id("run:next").click();
      b.await(WAIT, "the run completed", d -> b.text("state").equals("COMPLETED"));
      List<List<String>> actions = rows(b, "run:actions");
      assertEquals(
          List.of("2", "ping", "100%"),
          actions.get(1).subList(0, 3).stream().map(String::trim).toList());
      assertEquals(USERS + " / " + USERS, actions.get(1).get(3));
      assertTrue(b.find(".vox-charts svg") != null, "charts drawn");
      // per request: action 1's one step, its 404s counted as its errors
      List<String> mixed = row(b, "run:requests", "1");
      assertEquals(List.of("1", "mixed", "GET /api/${path.p}", "300", "30"), mixed.subList(0, 5));
      b.shot("run-completed");
      assertEquals(2L * USERS, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id));

      b.id("run:results").click();
      b.await(WAIT, "the results page", d -> rows(b, "results:summary").size() == 2);
      List<String> summary = rows(b, "results:summary").get(0);
      assertEquals(List.of("1", "mixed", "300", "30"), summary.subList(0, 4));
      List<String> error = rows(b, "results:errors").get(0);
      assertEquals("1", error.get(0));
      assertTrue(error.get(1).contains("status 404"), error.toString());
      assertEquals("30", error.get(2));
      assertEquals(20, rows(b, "results:slowest").size(), "the 20 slowest of action 1");
      b.type("results:user_input", "9");
      b.id("results:show").click();
      b.await(WAIT, "user 9's timeline", d -> rows(b, "results:timeline").size() == 2);
      List<List<String>> timeline = rows(b, "results:timeline");
      assertTrue(timeline.get(0).get(5).contains("status 404"), timeline.toString());
      assertEquals("", timeline.get(1).get(5), "user 9 succeeded in action 2");
      b.shot("results");

      b.open(pages() + "nodes.xhtml");
      List<String> node = b.await(WAIT, "node-a listed", d -> row(b, "nodes:table", "node-a"));
      assertTrue(node.get(5).endsWith("MiB"), "heap used: " + node);
      assertTrue(node.get(7).endsWith("s ago"), "last heartbeat: " + node);
      b.shot("nodes");

      b.open(pages());
      List<String> listed =
          b.await(WAIT, "the run listed", d -> row(b, "runs:table", Long.toString(id)));
      assertEquals(List.of("browser", "COMPLETED"), listed.subList(1, 3));
      b.shot("runs");

      b.open(pages() + "plans.xhtml");
      assertTrue(rows(b, "plans:table").stream().anyMatch(r -> r.get(1).equals("browser")));
      b.shot("plans");
    }
  }

  @Test
  void thePlanFormAsksForEachParameterAndASecretIsNeverShownNorStored() throws Exception {
    String token =
        Stack.post(sut() + "/api/login", "{\"user\":\"u1\"}")
            .body()
            .replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    String rest =
        """
        {"params": {"host": {"default": "127.0.0.1:1"}, "token": {"secret": true}},
         "actions": [{"name": "feed", "steps": [{"request": {"url": "/api/feed",
           "headers": {"Authorization": "Bearer ${param.token}"}, "checks": [{"status": 200}]}}]}]}
        """;
    try (Browser b = new Browser(1280, 1000)) {
      b.open(pages() + "plan.xhtml");
      b.logIn("admin", ItStack.ADMIN_PASSWORD);
      b.type("plan:name", "with parameters");
      b.type("plan:target", "http://${param.host}");
      b.type("plan:users", "5");
      b.type("plan:rest", rest);
      b.id("plan:save").click(); // saved without values; the form then asks for them
      b.await(WAIT, "an input per parameter", d -> !b.all("[id='plan:prm:1:secret']").isEmpty());
      b.type("plan:prm:0:value", "127.0.0.1:" + ItStack.sut.port());
      b.type("plan:prm:1:secret", token);
      b.id("plan:try").click();
      String trace = b.await(WAIT, "the trial's trace", d -> nonEmpty(b.text("trace")));
      assertTrue(trace.toLowerCase().contains("authorization: bearer ******"), trace);
      assertFalse(trace.contains(token), trace);
      assertEquals("every check passed", b.text("trialVerdict"), trace);
      b.type("plan:prm:1:secret", token); // a secret is not shown again: typed once more
      b.id("plan:saveAndStart").click();
      b.await(WAIT, "the run's page", d -> d.getCurrentUrl().contains("run.xhtml") ? "" : null);
      b.await(WAIT, "the run completed", d -> b.text("state").equals("COMPLETED"));
      String params = b.text("run:params");
      assertTrue(params.contains("host=127.0.0.1:" + ItStack.sut.port()), params);
      assertTrue(params.contains("token=******"), params);
      long id = Long.parseLong(b.driver.getCurrentUrl().replaceFirst(".*[?&]id=(\\d+).*", "$1"));
      assertEquals(
          5,
          Stack.count(
              "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND status = 200 AND error IS NULL",
              id),
          "the secret reached the system under test");
      assertEquals(
          0,
          Stack.count(
              "SELECT (SELECT COUNT(*) FROM vox_plan WHERE plan_json LIKE ?)"
                  + " + (SELECT COUNT(*) FROM vox_run WHERE plan_json LIKE ? OR params_json LIKE ?)",
              "%" + token + "%",
              "%" + token + "%",
              "%" + token + "%"),
          "stored nowhere");
    }
  }

  @Test
  void aPlanFileIsUploadedWithItsErrorsListedAndAPlanDeleted(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"target\": \"" + sut() + "\", \"users\": 0, \"actions\": []}");
    Path good = dir.resolve("uploaded.json");
    Files.writeString(
        good,
        "{\"name\": \"uploaded\", \"target\": \""
            + sut()
            + "\", \"users\": 5,"
            + " \"actions\": [{\"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}");
    try (Browser b = new Browser(1280, 800)) {
      b.open(pages() + "plans.xhtml");
      b.logIn("admin", ItStack.ADMIN_PASSWORD);
      b.id("upload:file").sendKeys(bad.toAbsolutePath().toString());
      b.id("upload:send").click();
      String refused = b.await(WAIT, "the file's errors", d -> nonEmpty(b.text("msgs")));
      assertTrue(refused.contains("bad.json /users: must be at least 1"), refused);
      assertTrue(rows(b, "plans:table").stream().noneMatch(r -> r.get(1).equals("uploaded")));

      b.id("upload:file").sendKeys(good.toAbsolutePath().toString());
      b.id("upload:send").click();
      b.await(WAIT, "saved", d -> b.text("msgs").contains("saved from uploaded.json"));
      b.await(
          WAIT,
          "listed",
          d -> rows(b, "plans:table").stream().anyMatch(r -> r.get(1).equals("uploaded")));

      int row = indexOf(rows(b, "plans:table"), "uploaded");
      b.all("[id='plans:table_data'] > tr")
          .get(row)
          .findElement(By.cssSelector("button.delete"))
          .click();
      b.await(WAIT, "the confirm dialog", d -> b.find(".ui-confirmdialog-yes").isDisplayed());
      b.find(".ui-confirmdialog-yes").click();
      b.await(
          WAIT,
          "deleted",
          d -> rows(b, "plans:table").stream().noneMatch(r -> r.get(1).equals("uploaded")));
    }
  }

  @Test
  void stopLetsTheActionFinishAndAbortEndsTheRunAtOnce() throws Exception {
    String plan =
        """
        {"name": "%s", "target": "http://127.0.0.1:%d", "users": 100,
         "actions": [{"name": "slow", "repeat": 3, "steps": [
           {"request": {"url": "/api/ping"}}, {"think": {"ms": 3000}}]}]}
        """;
    try (Browser b = new Browser(1280, 1000)) {
      long stopped = api().submit(plan.formatted("stop", ItStack.slowSut.port()));
      b.open(pages() + "run.xhtml?id=" + stopped);
      b.logIn("admin", ItStack.ADMIN_PASSWORD);
      b.await(WAIT, "action 1 under way", d -> b.text("action").equals("1 / 3"));
      b.id("run:stop").click();
      b.await(WAIT, "stopped", d -> b.text("state").equals("STOPPED"));
      assertEquals("stopped on request after action 1", b.text("run:reason"));
      assertEquals(
          100,
          Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1", stopped),
          "every result of the action under way stored");
      assertEquals(
          0,
          Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action > 1", stopped));

      long aborted = api().submit(plan.formatted("abort", ItStack.slowSut.port()));
      b.open(pages() + "run.xhtml?id=" + aborted);
      b.await(WAIT, "action 1 under way", d -> b.text("action").equals("1 / 3"));
      long clicked = System.nanoTime();
      b.id("run:abort").click();
      b.await(WAIT, "aborted", d -> b.text("state").equals("STOPPED"));
      assertEquals("aborted on request", b.text("run:reason"));
      assertTrue(
          System.nanoTime() - clicked < Duration.ofSeconds(3).toNanos(),
          "aborted before the action's 3 s think time was over");
      // the node lets its users go within a bounded time, and what it had sent before is stored
      // (the stated rule: a stopped run's late batches are stored, users in flight are dropped)
      long dlq = ItStack.broker.messageCount("DLQ");
      assertTrue(
          Stack.await(Duration.ofSeconds(5), () -> nodeUsers() == 0),
          "node-a holds no user 5 s after the abort");
      assertTrue(
          Stack.await(
              Duration.ofSeconds(30),
              () -> ItStack.broker.messageCount(io.vox.messaging.Destinations.REPORTS) == 0),
          "every late batch taken");
      long rows = Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", aborted);
      assertTrue(rows <= 100, "at most action 1's rows: " + rows);
      assertEquals(dlq, ItStack.broker.messageCount("DLQ"), "no late batch dead-lettered");
    }
  }

  @Test
  void thePlansApiValidatesStoresAndStartsRuns() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String plan =
        "{\"name\": \"api\", \"target\": \""
            + sut()
            + "\", \"users\": 20,"
            + " \"actions\": [{\"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}";
    var refused = Stack.post(api().url("plans"), plan.replace("20,", "0,"));
    assertEquals(400, refused.statusCode());
    assertTrue(refused.body().contains("{\"field\":\"/users\""), refused.body());

    // a trial: the plan run on the master for 2 users, each request in the trace
    var tried = Stack.post(api().url("plans/try?users=2"), plan);
    assertEquals(200, tried.statusCode(), tried.body());
    var trial = Stack.json(tried.body()).asJsonObject();
    assertTrue(trial.getBoolean("passed"), tried.body());
    String trace = trial.getString("trace");
    assertTrue(trace.contains("[user 1, action 1] GET /api/ping"), trace);
    assertTrue(trace.contains("action 1 (action-1): 2 of 2 users passed"), trace);
    var failing =
        Stack.post(
            api().url("plans/try"),
            plan.replace("\"url\": \"/api/ping\"", "\"url\": \"/api/nope\""));
    assertEquals(200, failing.statusCode(), failing.body());
    assertFalse(Stack.json(failing.body()).asJsonObject().getBoolean("passed"), failing.body());
    assertTrue(failing.body().contains("0 of 1 users passed; user 0: GET /api/nope: HTTP 404"));
    var tooMany = Stack.post(api().url("plans/try?users=6"), plan);
    assertEquals(400, tooMany.statusCode());
    assertTrue(tooMany.body().contains("{\"field\":\"users\""), tooMany.body());

    var created = Stack.post(api().url("plans"), plan);
    assertEquals(201, created.statusCode(), created.body());
    long id = Stack.json(created.body()).asJsonObject().getJsonNumber("id").longValue();
    var doc = Stack.json(Stack.get(api().url("plans/" + id)).body()).asJsonObject();
    assertEquals(20, doc.getJsonObject("plan").getInt("users"));
    assertTrue(
        Stack.json(Stack.get(api().url("plans")).body()).asJsonArray().stream()
            .anyMatch(p -> p.asJsonObject().getJsonNumber("id").longValue() == id));

    var put =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api().url("plans/" + id)))
                .header("Authorization", Stack.ADMIN)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(plan.replace("20,", "30,")))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    assertEquals(30, Stack.json(put.body()).asJsonObject().getInt("users"));

    var started = Stack.post(api().url("plans/" + id + "/runs"), "");
    assertEquals(201, started.statusCode(), started.body());
    long run = Stack.json(started.body()).asJsonObject().getJsonNumber("id").longValue();
    assertEquals("COMPLETED", api().awaitEnd(run, WAIT).getString("state"));
    assertEquals(30, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", run));

    var delete =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api().url("plans/" + id)))
                .header("Authorization", Stack.ADMIN)
                .DELETE()
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(204, delete.statusCode());
    assertEquals(404, Stack.get(api().url("plans/" + id)).statusCode());
    assertEquals(404, Stack.post(api().url("plans/" + id + "/runs"), "").statusCode());
  }

  @Test
  void twoRunsOfAPlanAreComparedActionByActionAndRequestByRequest() throws Exception {
    String plan =
        "{\"name\": \"compared\", \"target\": \"%s\", \"users\": 20, \"actions\": [{\"name\":"
            + " \"get\", \"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}";
    long a = api().submit(plan.formatted(sut()));
    assertEquals("COMPLETED", api().awaitEnd(a, WAIT).getString("state"));
    // the same plan against the demo API that answers after 500 ms: far worse
    long b = api().submit(plan.formatted("http://127.0.0.1:" + ItStack.slowSut.port()));
    assertEquals("COMPLETED", api().awaitEnd(b, WAIT).getString("state"));
    try (Browser br = new Browser(1400, 900)) {
      br.open(pages());
      br.logIn("viewer", ItStack.VIEWER_PASSWORD);
      List<String> listed =
          br.await(WAIT, "run b listed", d -> row(br, "runs:table", Long.toString(b)));
      assertEquals("vs " + a, listed.get(listed.size() - 1), "b is compared with the run before");
      br.find("a.compare-link[href*='b=" + b + "']").click();
      br.await(WAIT, "the comparison", d -> rows(br, "actions").size() == 1);
      List<String> get = rows(br, "actions").get(0);
      assertEquals("1 get", get.get(0).trim());
      assertEquals("20 / 20", get.get(1));
      assertTrue(
          br.find("#actions .ratio.p99").getAttribute("class").contains("vox-worse"),
          "a p99 500 ms slower is worse: " + get);
      double ratio = Double.parseDouble(get.get(7).replace("\u00d7", ""));
      assertTrue(ratio > 2, "p99 ratio b / a: " + get);
      List<String> request = rows(br, "requests").get(0);
      assertEquals(List.of("1 get", "", "GET /api/ping", "20 / 20"), request.subList(0, 4));
      assertTrue(
          br.find("#requests .ratio.p99").getAttribute("class").contains("vox-worse"),
          request.toString());
      var trend = br.all("#trend tbody tr");
      assertTrue(trend.size() >= 2, "both runs in the trend");
      assertTrue(trend.get(0).getText().startsWith(Long.toString(b)), "newest first");
      br.shot("compare");
    }
  }

  @Test
  void aViewerReadsButCannotChangeAnything() throws Exception {
    long id =
        api()
            .submit(
                "{\"name\": \"watched\", \"target\": \""
                    + sut()
                    + "\", \"users\": 10, \"actions\": [{\"start\": \"manual\","
                    + " \"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}");
    try (Browser b = new Browser(1280, 900)) {
      b.open(pages() + "run.xhtml?id=" + id);
      b.logIn("viewer", ItStack.VIEWER_PASSWORD);
      b.await(WAIT, "connected", d -> b.text("connected").equals("10 / 10"));
      assertEquals("viewer (read only)", b.text("caller"));
      for (String button : List.of("run:next", "run:stop", "run:abort")) {
        assertTrue(!b.id(button).isEnabled(), button + " is disabled for a viewer");
      }
      b.open(pages() + "plans.xhtml");
      assertTrue(b.all("[id='upload:file']").isEmpty(), "no upload form for a viewer");
      b.id("who:logout").click();
      b.await(WAIT, "logged out", d -> d.getCurrentUrl().contains("login.xhtml"));
      b.open(pages());
      b.await(WAIT, "the login page again", d -> d.getCurrentUrl().contains("login.xhtml"));
      b.type("login:user", "viewer");
      b.type("login:password", "not-the-password");
      b.id("login:submit").click();
      b.await(WAIT, "refused", d -> b.text("login:msgs").contains("Wrong user name or password"));
    }
    assertEquals(202, Stack.post(api().url("runs/" + id + "/abort"), "").statusCode());
  }

  @Test
  void theApiNeedsALoginAndAViewerMayOnlyRead() throws Exception {
    var anonymous = Stack.get(api().url("runs"), null);
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    assertTrue(anonymous.body().startsWith("{\"errors\":["), anonymous.body());
    var wrong = Stack.get(api().url("runs"), io.vox.launcher.MasterClient.basic("admin", "guess"));
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.body().contains("wrong user name or password"), wrong.body());
    assertEquals(200, Stack.get(api().url("runs"), Stack.VIEWER).statusCode());
    assertEquals(200, Stack.get(api().url("metrics"), Stack.VIEWER).statusCode());

    var http = java.net.http.HttpClient.newHttpClient();
    var viewerPost =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api().url("runs")))
                .header("Authorization", Stack.VIEWER)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(403, viewerPost.statusCode());
    assertTrue(viewerPost.body().contains("takes role admin"), viewerPost.body());

    var page =
        java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(pages() + "results.xhtml?id=1"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(302, page.statusCode());
    assertTrue(
        page.headers()
            .firstValue("Location")
            .orElse("")
            .endsWith("/login.xhtml?next=%2Fresults.xhtml%3Fid%3D1"),
        page.headers().map().toString());
    assertEquals(200, Stack.get(pages() + "login.xhtml", null).statusCode());
  }

  /** Users node-a holds now (its status endpoint), or -1 when it does not answer. */
  private static long nodeUsers() {
    try {
      return Stack.json(Stack.get("http://127.0.0.1:18181/node/api/status", null).body())
          .asJsonObject()
          .getInt("users");
    } catch (Exception e) {
      return -1;
    }
  }

  private static int indexOf(List<List<String>> rows, String name) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).get(1).equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name + " not in " + rows);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
