package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.run.RunPlan;
import io.vox.messaging.HttpStep;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanReaderTest {
  private final PlanReader reader = new PlanReader();
  private static final String ACTION = "\"action\":{\"method\":\"POST\",\"path\":\"/api/m\"}";

  @Test
  void readsAFullPlan() {
    RunPlan plan =
        reader.read(
            "{\"name\":\"demo\",\"target\":\"http://127.0.0.1:18300\",\"users\":10000,"
                + "\"actions\":3,\"minNodes\":2,\"requestTimeoutMs\":5000,"
                + "\"connect\":{\"method\":\"POST\",\"path\":\"/api/login\","
                + "\"body\":\"{}\",\"tokenField\":\"token\"},"
                + ACTION
                + "}");
    assertEquals(
        new RunPlan(
            "demo",
            "http://127.0.0.1:18300",
            10000,
            3,
            2,
            5000,
            new HttpStep("POST", "/api/login", "{}", "token"),
            new HttpStep("POST", "/api/m", null, null)),
        plan);
  }

  @Test
  void fillsDefaults() {
    RunPlan plan = reader.read("{\"target\":\"http://h\",\"users\":1," + ACTION + "}");
    assertEquals(1, plan.actions());
    assertEquals(1, plan.minNodes());
    assertEquals(10_000, plan.requestTimeoutMs());
    assertEquals("run", plan.name());
    assertEquals(null, plan.connect());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"target\":\"http://h\",\"users\":0,ACTION}|/users|must be at least 1",
        "{\"target\":\"http://h\",\"users\":\"ten\",ACTION}|/users|must be a whole number",
        "{\"target\":\"http://h\",\"users\":1.5,ACTION}|/users|must be a whole number",
        "{\"target\":\"http://h\",\"users\":99999999999999999999,ACTION}|/users|must be at most",
        "{\"target\":\"http://h\",ACTION}|/users|is required",
        "{\"users\":1,ACTION}|/target|is required",
        "{\"target\":\"ftp://h\",\"users\":1,ACTION}|/target|must be an http:// URL",
        "{\"target\":\"http://h\",\"users\":1}|/action|is required",
        "{\"target\":\"http://h\",\"users\":1,\"usrs\":2,ACTION}|/usrs|is not a known field",
        "{\"target\":\"http://h\",\"users\":1,\"action\":{\"path\":\"x\"}}|/action/path|must start with /",
        "{\"target\":\"http://h\",\"users\":1,\"action\":{\"method\":\"FETCH\",\"path\":\"/x\"}}|/action/method|must be one of",
        "{\"target\":\"http://h\",\"users\":1,\"action\":{\"path\":\"/x\",\"tokenField\":\"t\"}}|/action/tokenField|only allowed on connect",
        "{\"target\":\"http://h\",\"users\":1,\"connect\":7,ACTION}|/connect|must be an object",
        "{\"target\":\"http://h\",\"users\":1,\"actions\":0,ACTION}|/actions|must be at least 1",
        "[1,2]||must be a JSON object",
        "{\"target\":|| not valid JSON",
      })
  void namesTheWrongField(String json, String field, String message) {
    var e =
        assertThrows(InvalidPlanException.class, () -> reader.read(json.replace("ACTION", ACTION)));
    FieldError first =
        e.errors().stream()
            .filter(f -> f.field().equals(field == null ? "" : field))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no error for " + field + ": " + e.errors()));
    assertTrue(first.message().contains(message.trim()), first.message());
  }

  @Test
  void reportsEveryErrorAtOnce() {
    var e =
        assertThrows(
            InvalidPlanException.class,
            () -> reader.read("{\"users\":-1,\"extra\":true,\"action\":{}}"));
    List<String> fields = e.errors().stream().map(FieldError::field).toList();
    assertTrue(
        fields.containsAll(List.of("/extra", "/target", "/users", "/action/path")),
        fields.toString());
  }
}
