package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.demo.Certificates;
import io.vox.demo.DemoStats;
import io.vox.demo.Nginx;
import io.vox.demo.Tinyproxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example plan of docs/plans runs on a master and a node (the base's) against the demo API, as
 * written but for its target (and, where noted, fewer users), and does what docs/PLANS.md says it
 * does.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExamplePlansIT extends MasterAndNodeIT {
  private static final Path PLANS = Path.of("..", "docs", "plans");

  @TempDir Path dir;

  /** The example plan {@code name} aimed at the test's demo API, changed by {@code edit}. */
  static String plan(String name, UnaryOperator<JsonObjectBuilder> edit) throws Exception {
    JsonObjectBuilder b = example(name).add("target", "http://127.0.0.1:" + ItStack.sut.port());
    return edit.apply(b).build().toString();
  }

  private static JsonObjectBuilder example(String name) throws Exception {
    return Json.createObjectBuilder(
        Json.createReader(new StringReader(Files.readString(PLANS.resolve(name)))).readObject());
  }

  /** Example plan {@code name} changed by {@code edit}, written to the test's folder. */
  private Path written(String name, UnaryOperator<JsonObjectBuilder> edit) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, edit.apply(example(name)).build().toString());
    return file;
  }

  private String masterUrl() {
    return api().url("").replaceFirst("api/$", "");
  }

  private static long rows(long id, String where) throws Exception {
    return Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?" + where, id);
  }

  @Test
  void aClosedModelInStagesBringsInTheUsersItsPeakAsksFor() throws Exception {
    // through the CLI, its verdict also written as JUnit XML for a CI server
    Path file =
        written("user-stages.json", b -> b.add("target", "http://127.0.0.1:" + ItStack.sut.port()));
    Path junit = dir.resolve("reports/vox.xml");
    Object[] cli =
        Stack.vox("run", file.toString(), "--master", masterUrl(), "--junit", junit.toString());
    String out = (String) cli[1];
    assertEquals(0, cli[0], out);
    long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
    String xml = Files.readString(junit);
    assertTrue(xml.contains("tests=\"2\" failures=\"0\""), xml);
    assertTrue(xml.contains("name=\"the run completes\""), xml);
    assertTrue(xml.contains("classname=\"vox.thresholds\" name=\"errorPercent"), xml);
    assertEquals(40, rows(id, ""), "a row per user, joined or not");
    assertEquals(30, rows(id, " AND loop_iterations > 0 AND error IS NULL"), "the peak of 30");
    assertEquals(0, rows(id, " AND loop_iterations > 14"), "paced 200 ms apart for at most 2.5 s");
    assertEquals(
        Stack.count("SELECT SUM(loop_iterations) FROM vox_result WHERE run_id = ?", id),
        Stack.count("SELECT requests FROM vox_action WHERE run_id = ? AND action = 1", id),
        "the 10 users that never joined made no request");
    JsonObject ping =
        Stack.json(Stack.get(api().url("runs/" + id + "/requests")).body())
            .asJsonObject()
            .getJsonArray("requests")
            .getJsonObject(0);
    assertTrue(ping.getJsonNumber("bytes").longValue() > 0, "bytes per request: " + ping);
    assertTrue(ping.getJsonNumber("waitMs").doubleValue() > 0, "time to first byte: " + ping);
  }

  @Test
  void aBrowsersRecordingImportedFromAHarFileRunsAgainstTheDemoApi() throws Exception {
    // recorded by headless Chromium (docs/plans/record-har.js) using the demo API as an app does
    Path plan = dir.resolve("shop.json");
    Object[] imported =
        Stack.voxRaw(
            "import",
            "har",
            PLANS.resolve("demo-shop.har").toString(),
            "--users",
            "10",
            "--target",
            "http://127.0.0.1:" + ItStack.sut.port(),
            "--out",
            plan.toString());
    assertEquals(0, imported[0], (String) imported[1]);
    assertTrue(
        Files.readString(plan).contains("Bearer ${token}"), "the token the login gave is reused");
    Object[] cli = Stack.vox("run", plan.toString(), "--master", masterUrl());
    String out = (String) cli[1];
    assertEquals(0, cli[0], out);
    long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
    assertEquals(10, rows(id, " AND error IS NULL"), "every user replayed the recording");
    var requests =
        Stack.json(Stack.get(api().url("runs/" + id + "/requests")).body())
            .asJsonObject()
            .getJsonArray("requests")
            .getValuesAs(JsonObject.class);
    for (String name :
        List.of(
            "POST /api/login",
            "GET /api/feed",
            "GET /api/items/2",
            "POST /api/messages",
            "GET /api/me")) {
      JsonObject r =
          requests.stream().filter(q -> q.getString("name").equals(name)).findFirst().orElseThrow();
      assertEquals(10, r.getInt("count"), name);
      assertEquals(0, r.getInt("errors"), name + ": the token and the session cookie went along");
    }
  }

  @Test
  void parametersFromTheCliAndASecretThatIsNeverStoredNorShown() throws Exception {
    String token =
        Stack.post("http://127.0.0.1:" + ItStack.sut.port() + "/api/login", "{\"user\":\"u1\"}")
            .body()
            .replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    // a second action whose failing check names the secret in its reason
    jakarta.json.JsonArray actions = example("params.json").build().getJsonArray("actions");
    Path file =
        written(
            "params.json",
            b ->
                b.add(
                    "actions",
                    Json.createArrayBuilder(actions)
                        .add(
                            Json.createReader(
                                    new StringReader(
                                        """
                                        {"name": "told", "steps": [{"request": {
                                          "url": "/api/feed?t=${param.apiToken}",
                                          "headers": {"Authorization": "Bearer ${param.apiToken}"},
                                          "checks": [{"bodyContains": "${param.apiToken}!"}]}}]}
                                        """))
                                .readObject())));
    String target = "127.0.0.1:" + ItStack.sut.port(); // the host parameter
    Object[] run =
        Stack.vox(
            "run",
            file.toString(),
            "--master",
            masterUrl(),
            "--param",
            "host=127.0.0.1:" + ItStack.sut.port(),
            "--param",
            "apiToken=" + token);
    String out = (String) run[1];
    assertEquals(0, run[0], out);
    long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
    assertEquals(20, rows(id, " AND action = 1 AND error IS NULL AND status = 200"), "authorized");
    assertEquals(
        20,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 2 AND error = ?",
            id,
            "GET /api/feed?t=${param.apiToken}: body does not contain \"******!\""),
        "the reason, its secret hidden by the node");
    assertEquals(
        0,
        Stack.count(
            "SELECT COUNT(*) FROM vox_run WHERE id = ? AND (plan_json LIKE ? OR params_json LIKE ?)",
            id,
            "%" + token + "%",
            "%" + token + "%"),
        "the secret is not stored");
    assertEquals(
        1,
        Stack.count(
            "SELECT COUNT(*) FROM vox_run WHERE id = ? AND plan_json LIKE ?",
            id,
            "%" + target + "%"),
        "a plain value is kept with the run's plan");
    JsonObject params = api().run(id).getJsonObject("params");
    assertEquals("127.0.0.1:" + ItStack.sut.port(), params.getString("host"));
    assertEquals("******", params.getString("apiToken"));
    assertFalse(out.contains(token), out);
    for (String page :
        new String[] {
          "runs/" + id + "/report", "runs/" + id + "/export?format=csv", "runs/" + id + "/errors"
        }) {
      String body = Stack.get(api().url(page)).body();
      assertFalse(body.contains(token), page + ": " + body);
    }
    assertTrue(
        Stack.get(api().url("runs/" + id + "/report")).body().contains("param apiToken"),
        "the report lists the parameters");
  }

  @Test
  void anHttpsPlanAgainstNginxThroughTheCli() throws Exception {
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"))) {
      Files.copy(nginx.certificates().ca(), dir.resolve("ca.pem"));
      Path file =
          written(
              "https.json",
              b -> b.add("target", "https://shop.test:" + nginx.httpsPort()).add("users", 50));
      Object[] run = Stack.vox("run", file.toString(), "--master", masterUrl());
      String out = (String) run[1];
      assertEquals(0, run[0], out);
      assertFalse(out.contains("Warning"), out);
      long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
      assertEquals(100, rows(id, " AND error IS NULL AND status = 200"), "2 actions x 50 users");

      written(
          "https.json",
          b ->
              b.add("target", "https://shop.test:" + nginx.untrustedPort())
                  .add("users", 5)
                  .add("tls", Json.createObjectBuilder().add("insecure", true))
                  .add("preconnect", false)
                  .add(
                      "actions",
                      Json.createReader(
                              new StringReader(
                                  "[{\"steps\":[{\"request\":{\"url\":\"/api/ping\"}}]}]"))
                          .readArray())
                  .add("connect", Json.createArrayBuilder()));
      run = Stack.vox("run", file.toString(), "--master", masterUrl());
      out = (String) run[1];
      assertEquals(0, run[0], out);
      assertTrue(
          out.contains("Warning: tls.insecure: server certificates and names are not verified"),
          out);
      // where the 5 requests' time went: with no connection opened ahead, the action opened
      // them (1 to 5, by ALPN), each timed through its handshake; in the summary, REST and the
      // HTML report
      id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
      assertTrue(out.matches("(?s).*Request timings.*\\n1 +tls +[1-5] .*"), out);
      Map<String, JsonObject> phases = new java.util.HashMap<>();
      for (var v : api().action(id, 1).getJsonArray("phases")) {
        phases.put(v.asJsonObject().getString("name"), v.asJsonObject());
      }
      assertEquals(5, phases.get("wait").getInt("count"), phases.toString());
      assertEquals(
          phases.get("connect").getInt("count"), phases.get("tls").getInt("count"), "" + phases);
      assertTrue(phases.get("tls").getJsonNumber("p50Ms").doubleValue() > 0, "" + phases);
      String report = Stack.get(api().url("runs/" + id + "/report")).body();
      assertTrue(report.contains("<h2>Request timings</h2>"), report);
    }
  }

  @Test
  void perUserCertificatesThroughAProxyThroughTheCli() throws Exception {
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"));
        Tinyproxy proxy = Tinyproxy.start(dir.resolve("proxy"))) {
      Files.copy(nginx.certificates().ca(), dir.resolve("ca.pem"));
      // certs.csv: a base64 PKCS#12 a row, as a plan author exports them
      StringBuilder csv = new StringBuilder("p12,password,cn\n");
      for (int i = 0; i < Certificates.USERS; i++) {
        csv.append(
                Base64.getEncoder()
                    .encodeToString(Files.readAllBytes(nginx.certificates().userP12(i))))
            .append(',')
            .append(Certificates.CLIENT_PASSWORD)
            .append(",vox-user-")
            .append(i)
            .append('\n');
      }
      Files.writeString(dir.resolve("certs.csv"), csv);
      String proxyUrl =
          "http://" + Tinyproxy.USER + ":" + Tinyproxy.PASSWORD + "@127.0.0.1:" + proxy.port();
      Path file =
          written(
              "proxy-mtls.json",
              b -> b.add("target", "https://shop.test:" + nginx.mtlsPort()).add("proxy", proxyUrl));
      Object[] run = Stack.vox("run", file.toString(), "--master", masterUrl());
      String out = (String) run[1];
      assertEquals(0, run[0], out);
      long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
      assertEquals(30, rows(id, " AND error IS NULL AND status = 200"), "each user its own CN");
      assertTrue(proxy.log().contains("CONNECT 127.0.0.1:" + nginx.mtlsPort()), proxy.log());
    }
  }

  @Test
  void theDemoPlan() throws Exception {
    long id = api().submit(plan("demo.json", b -> b.add("users", 300)));
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertEquals(3, run.getInt("actions"));
    assertEquals(900, rows(id, " AND error IS NULL AND status = 201"));
  }

  @Test
  void loginThenBrowseWithACsvFeederThroughTheCli() throws Exception {
    Files.copy(PLANS.resolve("users.csv"), dir.resolve("users.csv"));
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, plan("login-browse-csv.json", b -> b));
    DemoStats stats = ItStack.sut.stats();
    long profiles = stats.profiles();
    long items = stats.items();
    long logins = stats.logins();

    Object[] run = Stack.vox("run", plan.toString(), "--master", masterUrl());
    String out = (String) run[1];
    assertEquals(0, run[0], out);
    assertTrue(out.contains("ok   errorPercent < 1 (actual 0.0)"), out);
    long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
    assertEquals(1000, rows(id, " AND error IS NULL"), "500 users browsed twice");
    assertEquals(500, stats.logins() - logins, "each with its own credentials");
    assertEquals(0, stats.badLogins());
    assertEquals(1000, stats.profiles() - profiles, "each sent its session cookie");
    assertEquals(1000, stats.items() - items);
    JsonObject view = api().run(id);
    assertTrue(view.getBoolean("passed"), view.toString());
    assertEquals("browse", view.getJsonArray("actionProgress").getJsonObject(1).getString("name"));
  }

  @Test
  void aMissedThresholdFailsTheRunAndTheCli() throws Exception {
    Files.copy(PLANS.resolve("users.csv"), dir.resolve("users.csv"));
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        plan(
            "login-browse-csv.json",
            b ->
                b.add("users", 20)
                    .add(
                        "thresholds",
                        Json.createArrayBuilder()
                            .add(
                                Json.createObjectBuilder().add("metric", "p50").add("below", 0.001))
                            .add(
                                Json.createObjectBuilder()
                                    .add("metric", "errors")
                                    .add("below", 1)))));
    Object[] run = Stack.vox("run", plan.toString(), "--master", masterUrl());
    String out = (String) run[1];
    assertEquals(1, run[0], out);
    assertTrue(out.contains("FAIL p50 < 0.001"), out);
    assertTrue(out.contains("ok   errors < 1 (actual 0.0)"), out);
    long id = Long.parseLong(out.replaceFirst("(?s).*Run (\\d+) submitted.*", "$1"));
    JsonObject view = api().run(id);
    assertEquals("COMPLETED", view.getString("state"));
    assertFalse(view.getBoolean("passed"));
  }

  @Test
  void anOpenModelSpreadsTheArrivals() throws Exception {
    long id = api().submit(plan("open-model.json", b -> b));
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(run.getBoolean("passed"), run.toString());
    assertEquals(1000, rows(id, " AND error IS NULL"));
    long spreadUs =
        Stack.count(
            "SELECT MAX(intended_us) - MIN(intended_us) FROM vox_result WHERE run_id = ?", id);
    // 1000 users from 200/s to 600/s: 2 x 1000 / (200 + 600) = 2.5 s, the last at 2.5 s - 1/600
    assertEquals(2_500_000, spreadUs, 20_000, "arrivals over 2.5 s");
  }

  @Test
  void anOpenModelInStagesFollowsThem() throws Exception {
    String json =
        plan("open-model.json", b -> b)
            .replace(
                "\"arrivalRateTo\":600",
                "\"arrivalStages\":[{\"durationMs\":1000,\"rate\":600},"
                    + "{\"durationMs\":1000,\"rate\":600}]");
    assertTrue(json.contains("arrivalStages"), json);
    long id = api().submit(json);
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertEquals(1000, rows(id, " AND error IS NULL"));
    // 200 -> 600/s over 1 s brings 400 users, 600/s for 1 s the other 600: the last at 2 s - 1/600
    long spreadUs =
        Stack.count(
            "SELECT MAX(intended_us) - MIN(intended_us) FROM vox_result WHERE run_id = ?", id);
    assertEquals(1_998_333, spreadUs, 20_000, "arrivals over 2 s");
    long firstSecond =
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND intended_us <"
                + " (SELECT MIN(intended_us) FROM vox_result WHERE run_id = ?) + 1000000",
            id,
            id);
    assertEquals(400, firstSecond, 3, "the first stage's ramp brings 400");
  }

  @Test
  void anOperatorPacedPlanWaitsForItsCommand() throws Exception {
    long id = api().submit(plan("operator-paced.json", b -> b));
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () -> {
              try {
                JsonObject r = api().run(id);
                return r.getJsonArray("actionProgress")
                        .getJsonObject(0)
                        .getJsonNumber("completedAtMs")
                        .longValue()
                    > 0;
              } catch (Exception e) {
                return false;
              }
            }),
        "the warm-up completed");
    Thread.sleep(1500);
    JsonObject waiting = api().run(id);
    assertEquals("RUNNING", waiting.getString("state"));
    assertEquals(1, waiting.getInt("currentAction"), "checkout waits for its command");

    var next = Stack.post(api().url("runs/" + id + "/next"), "");
    assertEquals(202, next.statusCode(), next.body());
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(60));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertEquals(4, run.getInt("actions"), "warm-up, checkout, checkout#2, cool-down");
    assertEquals(800, rows(id, " AND error IS NULL"));
    var actions = run.getJsonArray("actionProgress");
    assertEquals("checkout#2", actions.getJsonObject(2).getString("name"));
    long gapMs =
        actions.getJsonObject(3).getJsonNumber("dispatchedAtMs").longValue()
            - actions.getJsonObject(2).getJsonNumber("completedAtMs").longValue();
    assertTrue(gapMs >= 500, "the cool-down's delay: " + gapMs);
    assertEquals(409, Stack.post(api().url("runs/" + id + "/next"), "").statusCode());
    assertEquals(404, Stack.post(api().url("runs/987654/next"), "").statusCode());
  }

  @Test
  void aChatOverAWebSocket() throws Exception {
    long before = ItStack.sut.stats().wsMessages();
    long id = api().submit(plan("websocket.json", b -> b));
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(run.getBoolean("passed"), run.toString());
    assertEquals(900, rows(id, " AND error IS NULL"), "300 users: say twice, then bye");
    assertEquals(900, ItStack.sut.stats().wsMessages() - before, "one message a user an action");
  }

  @Test
  void http2StreamsOnFourConnections() throws Exception {
    long streams = ItStack.sut.stats().http2Streams();
    long id = api().submit(plan("http2.json", b -> b));
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(run.getBoolean("passed"), run.toString());
    assertEquals(1000, rows(id, " AND error IS NULL AND status = 200"), "one row per user");
    assertEquals(
        3000, ItStack.sut.stats().http2Streams() - streams, "login, post and profile per user");
    JsonObject post = api().action(id, 1);
    assertEquals(1000, post.getJsonNumber("requests").longValue(), "one sequence per user");
    assertEquals(
        2000, post.getJsonNumber("httpRequests").longValue(), "two HTTP requests per user");
  }

  @Test
  void aLoopForADurationAtAPace() throws Exception {
    long feeds = ItStack.sut.stats().feeds();
    long id = api().submit(plan("loop.json", b -> b));
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertTrue(run.getBoolean("passed"), run.toString());
    assertEquals(200, rows(id, " AND error IS NULL AND loop_iterations = 6"), "one row per user");
    JsonObject browse = api().action(id, 1);
    // iterations due at 0, 0.5, ... 2.5 s: 6 per user
    assertEquals(1200, browse.getJsonNumber("requests").longValue(), browse.toString());
    assertEquals(
        2400, browse.getJsonNumber("httpRequests").longValue(), "feed and item: " + browse);
    assertEquals(0, browse.getJsonNumber("failures").longValue());
    assertEquals(1200, ItStack.sut.stats().feeds() - feeds);
  }
}
