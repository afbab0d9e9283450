package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanFormTest {
  private static JsonObject json(String s) {
    try (var r = Json.createReader(new StringReader(s))) {
      return r.readObject();
    }
  }

  @Test
  void aPlanSplitIntoTheFormAndJoinedAgainIsTheSameDocument() throws IOException {
    String demo = Files.readString(Path.of("../docs/plans/demo.json"));
    PlanForm.Fields f = PlanForm.split(demo);
    assertEquals("demo", f.name());
    assertEquals("http://127.0.0.1:18300", f.target());
    assertEquals("10000", f.users());
    assertEquals("", f.minNodes());
    assertTrue(f.rest().contains("\"actions\""), f.rest());
    assertTrue(!f.rest().contains("\"users\""), "top fields are not repeated in the rest");
    assertEquals(json(demo), json(PlanForm.join(f)));
    new PlanReader().read(PlanForm.join(f)); // still a valid plan
  }

  @Test
  void eachBadInputIsNamedByItsPointer() {
    InvalidPlanException e =
        assertThrows(
            InvalidPlanException.class,
            () -> PlanForm.join(new PlanForm.Fields(" ", "http://x", "ten", "2.5", "[1, 2]")));
    assertEquals(
        List.of("/name", "/users", "/minNodes", ""),
        e.errors().stream().map(FieldError::field).toList());
    assertTrue(e.errors().get(1).message().contains("'ten'"), e.errors().toString());
  }

  @Test
  void restThatIsNotJsonSaysWhere() {
    InvalidPlanException e =
        assertThrows(
            InvalidPlanException.class,
            () -> PlanForm.join(new PlanForm.Fields("p", "http://x", "5", "", "{\"actions\": [")));
    assertTrue(e.errors().get(0).message().startsWith("the rest of the plan is not valid JSON"));
  }

  @Test
  void theInputsWinOverTheSameFieldsInTheRest() {
    String joined =
        PlanForm.join(
            new PlanForm.Fields(
                "mine", "http://127.0.0.1:1", "7", "", "{\"users\": 99, \"name\": \"other\"}"));
    assertEquals(
        json("{\"name\":\"mine\",\"target\":\"http://127.0.0.1:1\",\"users\":7}"), json(joined));
  }
}
