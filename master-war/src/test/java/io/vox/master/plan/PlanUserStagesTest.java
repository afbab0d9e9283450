package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.scenario.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A loop action whose active users follow stages (closed model), and its mistakes. */
class PlanUserStagesTest {
  private final PlanReader reader = new PlanReader();

  private static String plan(String action) {
    return """
        {"target": "http://127.0.0.1", "users": 50,
         "actions": [{"name": "browse", %s,
           "steps": [{"request": {"url": "/api/ping"}}]}]}
        """
        .formatted(action);
  }

  private List<String> errors(String json) {
    return assertThrows(InvalidPlanException.class, () -> reader.read(json)).errors().stream()
        .map(e -> e.field() + ": " + e.message())
        .toList();
  }

  @Test
  void theStagesMakeALoopThatLastsTheirSum() {
    Action a =
        reader
            .read(
                plan(
                    """
                    "loop": {"pacingMs": 100},
                    "userStages": [{"durationMs": 10000, "users": 50},
                                   {"durationMs": 5000, "users": 10}]"""))
            .scenario()
            .actions()
            .get(0);
    assertEquals(15_000, a.loopMs());
    assertEquals(100, a.pacingMs());
    assertEquals(
        List.of(new Action.UserStage(10000, 50), new Action.UserStage(5000, 10)), a.userStages());
  }

  @Test
  void mistakesAreNamedWhereTheyAre() {
    assertEquals(
        List.of(
            "/actions/0/loop/durationMs: is left out with userStages: the loop lasts their sum (1000 ms)"),
        errors(
            plan(
                """
                "loop": {"durationMs": 1000}, "userStages": [{"durationMs": 1000, "users": 5}]""")));
    assertEquals(
        List.of(
            "/actions/0/userStages/1/users: is more than the 50 users that take part in the action"),
        errors(
            plan(
                """
                "userStages": [{"durationMs": 1000, "users": 5}, {"durationMs": 1000, "users": 51}]""")));
    assertTrue(
        errors(plan("\"arrivalRate\": 10, \"userStages\": [{\"durationMs\": 1, \"users\": 5}]"))
            .contains(
                "/actions/0/arrivalRate: cannot be used with userStages (a closed model: the stages"
                    + " say how many users are active)"));
    assertEquals(
        List.of("/actions/0/userStages: must last 1 ms to 24 h in all; they last 0 ms"),
        errors(plan("\"userStages\": [{\"durationMs\": 0, \"users\": 5}]")));
    assertEquals(
        List.of("/actions/0/loop/durationMs: is required (or give userStages)"),
        errors(plan("\"loop\": {\"pacingMs\": 5}")));
  }

  @Test
  void inAGroupedPlanTheStagesCountTheUsersOfTheGroupsThatAct() {
    String json =
        """
        {"target": "http://127.0.0.1", "users": 50,
         "actions": [{"name": "browse", "userStages": [{"durationMs": 1000, "users": 41}]},
                     {"name": "rest"}],
         "groups": [{"name": "a", "users": 40, "steps": {"browse": [{"request": {"url": "/"}}]}},
                    {"name": "b", "users": 10, "steps": {"rest": [{"request": {"url": "/"}}]}}]}
        """;
    assertEquals(
        List.of(
            "/actions/0/userStages/0/users: is more than the 40 users that take part in the action"),
        errors(json));
  }
}
