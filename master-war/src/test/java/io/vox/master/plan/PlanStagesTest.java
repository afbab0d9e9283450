package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.scenario.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An open model in stages: arrivalRate, then arrivalStages. */
class PlanStagesTest {
  private final PlanReader reader = new PlanReader();

  private static String plan(int users, String fields) {
    return "{\"target\":\"http://h\",\"users\":"
        + users
        + ",\"actions\":[{\"name\":\"a\","
        + fields
        + ",\"steps\":[{\"request\":{\"url\":\"/x\"}}]}]}";
  }

  @Test
  void stagesReadAndSpreadTheArrivals() {
    Action a =
        reader
            .read(
                plan(
                    85,
                    "\"arrivalRate\":10,\"arrivalStages\":[{\"durationMs\":2000,\"rate\":30},"
                        + "{\"durationMs\":1000,\"rate\":30},{\"durationMs\":1000,\"rate\":0}]"))
            .scenario()
            .actions()
            .get(0);
    assertEquals(
        List.of(new Action.Stage(2000, 30), new Action.Stage(1000, 30), new Action.Stage(1000, 0)),
        a.arrivalStages());
    assertEquals(3_000_000, a.arrivalOffsetUs(70, 85), 1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          "arrivalStages":[{"durationMs":1000,"rate":5}]|/actions/0/arrivalRate|is required with arrivalStages
          "arrivalRate":1,"arrivalRateTo":2,"arrivalStages":[{"durationMs":1000,"rate":5}]|/actions/0/arrivalRateTo|cannot be used with arrivalStages
          "arrivalRate":10,"arrivalStages":[{"durationMs":1000,"rate":0}]|/actions/0/arrivalStages|end at rate 0 before the action's 100 users have all arrived
          "arrivalRate":10,"arrivalStages":[{"durationMs":0,"rate":5}]|/actions/0/arrivalStages/0/durationMs|must be at least 1
          "arrivalRate":0.001,"arrivalStages":[{"durationMs":1000,"rate":0.0001}]|/actions/0/arrivalStages|over more than 7 days
          """)
  void badStagesAreNamed(String fields, String field, String message) {
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(plan(100, fields)));
    assertTrue(
        e.errors().stream().anyMatch(f -> f.field().equals(field) && f.message().contains(message)),
        "no error at " + field + " with \"" + message + "\": " + e.errors());
  }
}
