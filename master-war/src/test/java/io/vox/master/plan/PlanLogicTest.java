package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.scenario.Logic;
import io.vox.messaging.scenario.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Logic steps (if, switch, repeat, forEach, exitAction) as plans write them, and their errors. */
class PlanLogicTest {
  private final PlanReader reader = new PlanReader();

  /** A plan whose action's second step is {@code step}, after a request that extracts ids. */
  private static String plan(String step) {
    return "{\"target\":\"http://h\",\"users\":2,\"actions\":[{\"name\":\"a\",\"steps\":["
        + "{\"request\":{\"url\":\"/feed\",\"extract\":[{\"name\":\"ids\",\"jsonPath\":\"$.ids\"}]}},"
        + step
        + "]}]}";
  }

  @Test
  void logicStepsReadWithTheirOwnSteps() {
    String step =
        "{\"forEach\":{\"in\":\"ids\",\"as\":\"id\",\"steps\":["
            + "{\"if\":{\"var\":\"id\",\"matches\":\"^1\",\"then\":[{\"request\":{\"url\":\"/i/${id}\"}}],"
            + "\"else\":[{\"exitAction\":true}]}},"
            + "{\"repeat\":{\"times\":\"${id}\",\"steps\":[{\"think\":{\"ms\":1}}]}},"
            + "{\"switch\":[{\"weight\":1,\"steps\":[{\"request\":{\"url\":\"/a\"}}]},"
            + "{\"weight\":2.5,\"steps\":[{\"request\":{\"url\":\"/b\"}}]}]}]}}";
    List<Step> steps = reader.read(plan(step)).scenario().actions().get(0).steps();
    Logic forEach = steps.get(1).logic();
    assertEquals(Logic.FOR_EACH, forEach.kind());
    assertEquals("id", forEach.as());
    Logic when = forEach.then().get(0).logic();
    assertEquals("^1", when.matches());
    assertEquals("/i/${id}", when.then().get(0).request().url());
    assertEquals(Logic.EXIT, when.otherwise().get(0).logic().kind());
    assertEquals("${id}", forEach.then().get(1).logic().times());
    assertEquals(2.5, forEach.then().get(2).logic().branches().get(1).weight());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"if":{"then":[{"exitAction":true}]}}|/actions/0/steps/1/if|needs var (with one of exists, equals and matches) or percent
          {"if":{"var":"ids","then":[{"exitAction":true}]}}|/actions/0/steps/1/if|needs exactly one of exists, equals and matches with var
          {"if":{"var":"ids","exists":true,"equals":"x","then":[{"exitAction":true}]}}|/actions/0/steps/1/if|needs exactly one of exists, equals and matches
          {"if":{"percent":50,"var":"ids","then":[{"exitAction":true}]}}|/actions/0/steps/1/if/percent|cannot be used with var
          {"if":{"percent":101,"then":[{"exitAction":true}]}}|/actions/0/steps/1/if/percent|must be at most 100
          {"if":{"var":"nope","exists":true,"then":[{"exitAction":true}]}}|/actions/0/steps/1/if/var|${nope} is not defined
          {"if":{"var":"ids","matches":"(","then":[{"exitAction":true}]}}|/actions/0/steps/1/if/matches|is not a valid regular expression
          {"if":{"var":"ids","equals":"${nope}","then":[{"exitAction":true}]}}|/actions/0/steps/1/if/equals|${nope} is not defined
          {"if":{"percent":5,"then":[]}}|/actions/0/steps/1/if/then|
          {"if":{"percent":5,"then":[{"pause":"command"}]}}|/actions/0/steps/1/if/then/0/pause|is not allowed inside if, switch, repeat or forEach
          {"repeat":{"times":"abc","steps":[{"exitAction":true}]}}|/actions/0/steps/1/repeat/times|must be a whole number or a template
          {"repeat":{"times":10001,"steps":[{"exitAction":true}]}}|/actions/0/steps/1/repeat/times|must be at most 10000
          {"repeat":{"times":"${nope}","steps":[{"exitAction":true}]}}|/actions/0/steps/1/repeat/times|${nope} is not defined
          {"forEach":{"in":"nope","as":"x","steps":[{"exitAction":true}]}}|/actions/0/steps/1/forEach/in|names no extracted value
          {"forEach":{"in":"ids","as":"ids","steps":[{"exitAction":true}]}}|/actions/0/steps/1/forEach/as|must not be the array's own name
          {"switch":[{"weight":1,"steps":[{"exitAction":true}]}]}|/actions/0/steps/1/switch|
          {"switch":[{"weight":0,"steps":[{"exitAction":true}]},{"weight":1,"steps":[{"exitAction":true}]}]}|/actions/0/steps/1/switch/0/weight|
          {"exitAction":false}|/actions/0/steps/1/exitAction|must be true
          {"exitAction":true,"think":{"ms":1}}|/actions/0/steps/1|needs exactly one of request, think, ws, if, switch, repeat, forEach, exitAction and pause
          """)
  void namesTheWrongFieldOfALogicStep(String step, String field, String message) {
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(plan(step)));
    assertTrue(
        e.errors().stream()
            .anyMatch(
                f ->
                    f.field().equals(field)
                        && f.message().contains(message == null ? "" : message)),
        "no error at " + field + " with \"" + message + "\": " + e.errors());
  }

  @Test
  void aWholeTimesWrittenAsADecimalIsThatNumberAndForEachMayNotTakeVoxsNames() {
    String json = plan("{\"repeat\":{\"times\":3.0,\"steps\":[{\"exitAction\":true}]}}");
    assertEquals("3", reader.read(json).scenario().actions().get(0).steps().get(1).logic().times());
    var e =
        assertThrows(
            InvalidPlanException.class,
            () ->
                reader.read(
                    plan(
                        "{\"forEach\":{\"in\":\"ids\",\"as\":\"user\",\"steps\":[{\"exitAction\":true}]}}")));
    assertEquals("/actions/0/steps/1/forEach/as", e.errors().get(0).field());
  }

  @Test
  void aProgramLongerThanTheMasterChecksIsRefused() {
    String requests =
        String.join(",", java.util.Collections.nCopies(100, "{\"request\":{\"url\":\"/x\"}}"));
    String branch = "{\"weight\":1,\"steps\":[" + requests + "]}";
    String json =
        plan("{\"switch\":[" + String.join(",", java.util.Collections.nCopies(20, branch)) + "]}");
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(json));
    assertEquals("/actions/0/steps", e.errors().get(0).field());
    assertTrue(e.errors().get(0).message().contains("at most 1000"), e.errors().toString());
  }

  @Test
  void logicNestsAtMostEightDeep() {
    String step = "{\"exitAction\":true}";
    for (int i = 0; i < 9; i++) {
      step = "{\"repeat\":{\"times\":1,\"steps\":[" + step + "]}}";
    }
    String json = plan(step);
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(json));
    assertTrue(e.errors().toString().contains("nest at most 8 deep"), e.errors().toString());
  }
}
