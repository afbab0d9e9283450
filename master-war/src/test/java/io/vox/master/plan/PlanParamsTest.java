package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.run.RunPlan;
import io.vox.messaging.scenario.Masker;
import io.vox.messaging.scenario.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanParamsTest {
  private final PlanReader reader = new PlanReader();

  /** A plan with a plain parameter in its target and URL, and a secret one in a header. */
  private static String plan(String params) {
    return """
        {"target": "http://${param.host}:8080", "users": 2,
         "params": %s,
         "actions": [{"name": "a", "steps": [{"request": {"method": "GET",
           "url": "/items?env=${param.host}&lit=$${param.host}",
           "headers": {"Authorization": "Bearer ${param.token}"}}}]}]}
        """
        .formatted(params);
  }

  private static final String DECLARED =
      """
      {"host": {"default": "127.0.0.1"}, "token": {"secret": true, "value": "s3cr3t"}}""";

  private static Request request(RunPlan p) {
    return p.scenario().actions().get(0).steps().get(0).request();
  }

  @Test
  void aPlainParameterIsWrittenIntoEveryTextAndASecretStaysForTheNodes() {
    RunPlan p = reader.read(plan(DECLARED));
    assertEquals("http://127.0.0.1:8080", p.target(), "the default, in a text no node renders");
    assertEquals("/items?env=127.0.0.1&lit=$${param.host}", request(p).url(), "$${ stays literal");
    assertEquals("Bearer ${param.token}", request(p).headers().get("Authorization"));
    assertEquals(Map.of("token", "s3cr3t"), p.params().secrets());
    assertEquals(Map.of("host", "127.0.0.1", "token", Masker.MASK), p.params().shown());
    assertTrue(p.params().complete());
  }

  @Test
  void aGivenValueWinsOverTheDefault() {
    RunPlan p = reader.read(PlanParams.withValues(plan(DECLARED), Map.of("host", "localhost")));
    assertEquals("http://localhost:8080", p.target());
  }

  @Test
  void aValueIsTextNeverATemplate() {
    String json =
        """
        {"target": "http://127.0.0.1", "users": 1, "params": {"q": {"value": "x${user}"}},
         "actions": [{"name": "a", "steps": [{"request": {"method": "GET", "url": "/?q=${param.q}"}}]}]}
        """;
    assertEquals("/?q=x$${user}", request(reader.read(json)).url());
  }

  @Test
  void aParameterWithoutAValueIsNamed() {
    InvalidPlanException e =
        assertThrows(
            InvalidPlanException.class,
            () -> reader.read(plan("{\"host\": {}, \"token\": {\"secret\": true}}")));
    List<String> fields = e.errors().stream().map(FieldError::field).toList();
    assertEquals(List.of("/params/host", "/params/token"), fields, e.errors().toString());
    assertTrue(e.errors().get(0).message().contains("--param host="), e.errors().toString());
    assertTrue(e.errors().get(1).message().contains("VOX_PARAM_token"), e.errors().toString());
  }

  @Test
  void anUndeclaredParameterIsNamedWhereItIsUsed() {
    InvalidPlanException e =
        assertThrows(
            InvalidPlanException.class,
            () -> reader.read(plan("{\"token\": {\"secret\": true, \"value\": \"v\"}}")));
    assertEquals(
        List.of("/actions/0/steps/0/request/url", "/target"),
        e.errors().stream().map(FieldError::field).toList(),
        e.errors().toString());
    assertTrue(e.errors().get(0).message().contains("${param.host} is not declared"));
  }

  @Test
  void aSecretHasNoDefaultAndStandsOnlyInATemplate() {
    InvalidPlanException e =
        assertThrows(
            InvalidPlanException.class,
            () ->
                reader.read(
                    plan(
                        """
                        {"host": {"secret": true, "default": "127.0.0.1"},
                         "token": {"secret": true, "value": "v"}}""")));
    List<String> fields = e.errors().stream().map(FieldError::field).toList();
    assertTrue(fields.contains("/params/host/default"), fields.toString());
    assertTrue(fields.contains("/target"), "the master reads the target: " + fields);
    assertFalse(
        fields.contains("/actions/0/steps/0/request/url"), "a URL is a template: " + fields);
  }

  @Test
  void aSecretInsideAJsonBodyIsInItsTemplate() {
    String json =
        """
        {"target": "http://127.0.0.1", "users": 1,
         "params": {"pw": {"secret": true, "value": "p"}},
         "actions": [{"name": "login", "steps": [{"request": {"method": "POST", "url": "/login",
           "json": {"user": "u${user}", "password": "${param.pw}"}}}]}]}
        """;
    assertTrue(request(reader.read(json)).body().contains("\"password\":\"${param.pw}\""));
  }

  @Test
  void theStoredPlanHasNoSecretAndReadsAgainWithoutIt() {
    String stored = PlanParams.withoutSecrets(plan(DECLARED));
    assertFalse(stored.contains("s3cr3t"), stored);
    assertThrows(InvalidPlanException.class, () -> reader.read(stored), "a run needs the value");
    RunPlan kept = reader.readKept(stored);
    assertFalse(kept.params().complete(), "a master that restarted lacks the secret");
    assertTrue(kept.withSecrets(Map.of("token", "s3cr3t")).params().complete());
    assertEquals("Bearer ${param.token}", request(kept).headers().get("Authorization"));
  }

  @Test
  void aKeptPlanMayLackPlainValuesToo() {
    RunPlan kept = reader.readKept(plan("{\"host\": {}, \"token\": {\"secret\": true}}"));
    assertEquals("http://param-host:8080", kept.target());
  }

  @Test
  void givingAParameterThePlanLacksIsAnError() {
    InvalidPlanException e =
        assertThrows(
            InvalidPlanException.class,
            () -> PlanParams.withValues(plan(DECLARED), Map.of("hots", "x")));
    assertTrue(e.errors().get(0).message().contains("declares no parameter hots"));
    assertTrue(e.errors().get(0).message().contains("[host, token]"), e.errors().toString());
  }

  @Test
  void aPlanWithoutParametersStaysAsWritten() {
    String json = "{\"target\": \"http://127.0.0.1\",  \"users\": 1, \"actions\": []}";
    assertEquals(json, PlanParams.withoutSecrets(json));
    assertEquals(json, PlanParams.withValues(json, Map.of()));
  }
}
