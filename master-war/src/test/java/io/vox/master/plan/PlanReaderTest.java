package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.run.RunPlan;
import io.vox.master.run.Threshold;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Think;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonPatchBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanReaderTest {
  private final PlanReader reader = new PlanReader();

  static String resource(String name) {
    try (InputStream in = PlanReaderTest.class.getResourceAsStream("/plans/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject base() {
    return Json.createReader(new StringReader(resource("base.json"))).readObject();
  }

  @Test
  void readsTheReferencePlan() {
    RunPlan plan = reader.read(resource("base.json"));
    assertEquals("login then browse", plan.name());
    assertEquals(4, plan.users());
    assertEquals(600_000, plan.maxDurationMs());
    Scenario s = plan.scenario();
    assertEquals(1000, s.rampUpMs());
    assertEquals(
        List.of("browse", "post", "post#2", "chat"),
        s.actions().stream().map(Action::name).toList());
    assertEquals(5, plan.actions(), "browse twice, then post in two parts, then chat");
    List<io.vox.messaging.scenario.WebSocketStep> chat =
        s.actions().get(3).steps().stream().map(io.vox.messaging.scenario.Step::ws).toList();
    assertEquals(
        new io.vox.messaging.scenario.WebSocketStep(
            "connect",
            "/ws?user=${user}",
            java.util.Map.of("Authorization", "Bearer ${token}"),
            null,
            List.of(),
            List.of(),
            0),
        chat.get(0));
    assertEquals("send", chat.get(3).kind());
    assertEquals("{\"n\":\"${n}\"}", chat.get(3).text());
    assertEquals(3000, chat.get(2).timeoutMs());
    assertEquals(10_000, chat.get(4).timeoutMs());
    assertEquals(new Extract("n", "$.n", null, null), chat.get(2).extract().get(0));
    assertEquals("close", chat.get(5).kind());
    assertEquals(500.5, s.actions().get(0).maxRps());
    assertEquals(0, s.actions().get(1).maxRps(), "no cap unless asked");
    Action post = s.actions().get(1);
    assertEquals(Action.MANUAL, post.start());
    assertEquals(50, post.arrivalRate());
    assertEquals(100, post.arrivalRateTo());
    assertEquals(100, post.delayMs());
    Action afterPause = s.actions().get(2);
    assertEquals(Action.AUTO, afterPause.start(), "a command pause: the next part on its own");
    assertEquals(0, afterPause.arrivalRate());
    assertEquals(new Think(null, null, null, 20), afterPause.steps().get(0).think());
    Feeder creds = s.feeders().get(0);
    assertEquals(List.of("login", "password"), creds.columns());
    assertEquals(List.of("u3", "pw-u3"), creds.rows().get(3));
    assertEquals(List.of(List.of("1"), List.of("2")), s.feeders().get(1).rows());
    var login = s.connect().get(0).request();
    assertEquals("{\"user\":\"${creds.login}\",\"password\":\"${creds.password}\"}", login.body());
    assertEquals(
        List.of(
            new Extract("token", "$.token", null, null), new Extract("who", null, "X-User", null)),
        login.extract());
    assertEquals("GET", s.actions().get(0).steps().get(0).request().method());
    assertEquals(
        new Check(null, "$.user", "${who}", null, null),
        s.actions().get(0).steps().get(0).request().checks().get(0));
    assertEquals(
        List.of(new Threshold("p99", null, 250), new Threshold("errorPercent", "post", 1)),
        plan.thresholds());
  }

  @Test
  void fillsDefaults() {
    RunPlan plan =
        reader.read(
            "{\"target\":\"http://h\",\"users\":1,"
                + "\"actions\":[{\"steps\":[{\"request\":{\"url\":\"/x\"}}]}]}");
    assertEquals(1, plan.actions());
    assertEquals(1, plan.minNodes());
    assertEquals(10_000, plan.requestTimeoutMs());
    assertEquals("run", plan.name());
    assertEquals(0, plan.maxDurationMs());
    assertTrue(plan.scenario().connect().isEmpty());
    Action a = plan.scenario().actions().get(0);
    assertEquals("action-1", a.name());
    assertEquals(Action.AUTO, a.start());
    assertEquals("GET", a.steps().get(0).request().method());
    assertNull(a.steps().get(0).request().body());
    assertEquals("circular", feederStrategyDefault());
  }

  private String feederStrategyDefault() {
    RunPlan plan =
        reader.read(
            "{\"target\":\"http://h\",\"users\":3,\"feeders\":[{\"name\":\"f\",\"csv\":\"a\\n1\"}],"
                + "\"actions\":[{\"steps\":[{\"request\":{\"url\":\"/${f.a}\"}}]}]}");
    return plan.scenario().feeders().get(0).strategy();
  }

  @Test
  void aClientCertificatePerUserComesFromAFeedersColumnsAndAProxyIsKept() {
    RunPlan plan =
        reader.read(
            "{\"target\":\"https://h\",\"users\":2,\"proxy\":\"http://u:p@127.0.0.1:3128\","
                + "\"feeders\":[{\"name\":\"id\",\"csv\":\"p12,pw\\nAAAA,x\\nBBBB,y\"}],"
                + "\"tls\":{\"pkcs12\":\"${id.p12}\",\"password\":\"${id.pw}\"},"
                + "\"actions\":[{\"steps\":[{\"request\":{\"url\":\"/x\"}}]}]}");
    var tls = plan.scenario().http().tls();
    assertEquals("${id.p12}", tls.pkcs12());
    assertEquals("${id.pw}", tls.password());
    assertEquals("http://u:p@127.0.0.1:3128", plan.scenario().http().proxy());
    assertEquals(List.of(), tls.namedGroups(), "none named: the TLS library's own");
  }

  @Test
  void theKeyExchangesOfferedAreKeptInTheirOrder() {
    RunPlan plan =
        reader.read(
            "{\"target\":\"https://h\",\"users\":1,\"tls\":{\"namedGroups\":[\"P-256\",\"X25519\"]},"
                + "\"actions\":[{\"steps\":[{\"request\":{\"url\":\"/x\"}}]}]}");
    assertEquals(List.of("P-256", "X25519"), plan.scenario().http().tls().namedGroups());
  }

  @Test
  void connectionsArePooledPerUserOrCounted() {
    String plan =
        "{\"target\":\"http://h\",\"users\":1,\"connections\":%s,"
            + "\"actions\":[{\"steps\":[{\"request\":{\"url\":\"/x\"}}]}]}";
    assertEquals(
        Scenario.PER_USER, reader.read(plan.formatted("\"perUser\"")).scenario().connections());
    assertEquals(0, reader.read(plan.formatted("\"pooled\"")).scenario().connections());
    assertEquals(500, reader.read(plan.formatted("500")).scenario().connections());
  }

  @Test
  void repeatsAnActionWithAPauseAsItsParts() {
    RunPlan plan =
        reader.read(
            "{\"target\":\"http://h\",\"users\":1,\"actions\":[{\"name\":\"a\",\"repeat\":2,"
                + "\"steps\":[{\"request\":{\"url\":\"/1\"}},{\"pause\":\"manual\"},"
                + "{\"request\":{\"url\":\"/2\"}}]}]}");
    assertEquals(
        List.of("a", "a#2", "a", "a#2"),
        plan.scenario().actions().stream().map(Action::name).toList());
    assertEquals(
        List.of("auto", "manual", "auto", "manual"),
        plan.scenario().actions().stream().map(Action::start).toList());
  }

  static Stream<Arguments> malformed() {
    return resource("malformed.txt")
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\\|", -1))
        .map(c -> Arguments.of(c[0], c[1], c[2], c[3], c[4]));
  }

  /** The base plan with one JSON Patch operation applied. */
  static String patched(String op, String path, String value) {
    JsonPatchBuilder patch = Json.createPatchBuilder();
    String v = value.replace("\"NAME201\"", "\"" + "n".repeat(201) + "\"");
    JsonValue json = v.isEmpty() ? null : Json.createReader(new StringReader(v)).readValue();
    switch (op) {
      case "add" -> patch.add(path, json);
      case "replace" -> patch.replace(path, json);
      case "remove" -> patch.remove(path);
      default -> throw new IllegalArgumentException(op);
    }
    return patch.build().apply(base()).toString();
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("malformed")
  void namesTheWrongFieldOfAMalformedPlan(
      String op, String path, String value, String field, String message) {
    String json = patched(op, path, value);
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(json), json);
    FieldError error =
        e.errors().stream()
            .filter(f -> f.field().equals(field) && f.message().contains(message))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no error at " + field + " with \"" + message + "\": " + e.errors()));
    assertTrue(!error.message().isBlank());
    assertTrue(
        e.errors().stream().noneMatch(f -> f.message().contains("Exception")),
        "no exception text leaks: " + e.errors());
  }

  @Test
  void thereAreAtLeastAHundredMalformedPlans() {
    assertTrue(malformed().count() >= 100);
  }

  @Test
  void numbersKeepTheTextTheyWereWrittenIn() {
    RunPlan plan =
        reader.read(
            "{\"target\":\"http://h\",\"users\":1,\"actions\":[{\"steps\":[{\"request\":"
                + "{\"url\":\"/x\",\"json\":{\"amount\":100.0,\"n\":1.50},"
                + "\"checks\":[{\"jsonPath\":\"$.price\",\"equals\":10.0}]}}]}]}");
    var request = plan.scenario().actions().get(0).steps().get(0).request();
    assertEquals("{\"amount\":100.0,\"n\":1.50}", request.body());
    assertEquals("10.0", request.checks().get(0).equals());
  }

  @Test
  void errorsOfALoopCannotBeWatchedLiveButItsLatencyCan() {
    String plan =
        "{\"target\":\"http://h\",\"users\":1,\"actions\":[{\"name\":\"l\","
            + "\"loop\":{\"durationMs\":1000},\"steps\":[{\"request\":{\"url\":\"/x\"}}]}],"
            + "\"thresholds\":[{\"metric\":\"%s\",\"below\":5,\"abortOnFail\":true}]}";
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(plan.formatted("errors")));
    assertEquals("/thresholds/0/abortOnFail", e.errors().get(0).field());
    assertTrue(e.errors().get(0).message().startsWith("cannot watch errors during a loop"));
    assertTrue(reader.read(plan.formatted("p99")).thresholds().get(0).abortOnFail());
  }

  @Test
  void aCapSoLowTheUsersWouldWaitBeyondARunsLongestIsRefused() {
    String plan =
        "{\"target\":\"http://h\",\"users\":10000000,\"actions\":[{\"maxRps\":%s,"
            + "\"steps\":[{\"request\":{\"url\":\"/x\"}}]}]}";
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(plan.formatted("1")));
    assertEquals("/actions/0/maxRps", e.errors().get(0).field());
    assertTrue(e.errors().get(0).message().contains("116 days"), e.errors().toString());
    assertEquals(20, reader.read(plan.formatted("20")).scenario().actions().get(0).maxRps());
  }

  @Test
  void textAfterThePlanIsNamed() {
    var e =
        assertThrows(
            InvalidPlanException.class,
            () -> reader.read("{\"target\":\"http://h\",\"users\":1} {}"));
    assertEquals("not valid JSON: text after the plan's closing }", e.errors().get(0).message());
  }

  @Test
  void notJsonOrNotAnObject() {
    for (String bad : List.of("", "  ", "[1,2]", "{\"target\":", "42", "{\"a\":1}}")) {
      var e = assertThrows(InvalidPlanException.class, () -> reader.read(bad));
      assertEquals("", e.errors().get(0).field(), bad);
    }
  }

  @Test
  void reportsEveryErrorAtOnce() {
    var e =
        assertThrows(
            InvalidPlanException.class,
            () ->
                reader.read(
                    "{\"users\":-1,\"extra\":true,\"actions\":[{\"steps\":[{\"request\":{}},"
                        + "{\"think\":{\"ms\":-2}}]}]}"));
    List<String> fields = e.errors().stream().map(FieldError::field).toList();
    assertEquals(
        List.of(
            "/actions/0/steps/0/request/url",
            "/actions/0/steps/1/think/ms",
            "/extra",
            "/target",
            "/users"),
        fields,
        "every error of the plan's shape, in the order of their pointers");
  }
}
