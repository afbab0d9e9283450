package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.run.RunPlan;
import io.vox.messaging.scenario.Group;
import io.vox.messaging.scenario.Scenario;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonPatchBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plans with groups: docs/plans/groups.json as written, and its mistakes named by pointer. */
class PlanGroupsTest {
  private final PlanReader reader = new PlanReader();

  private static String example() {
    try {
      return Files.readString(Path.of("../docs/plans/groups.json"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsTheGroupsWithTheirCountsAndTheirOwnSteps() {
    RunPlan plan = reader.read(example());
    Scenario s = plan.scenario();
    assertEquals(
        List.of("browsers", "buyers", "admins"), s.groups().stream().map(Group::name).toList());
    assertEquals(
        List.of(30L, 10L, 2L),
        s.groups().stream().map(Group::users).toList(),
        "2 admins, then the other 40 by weights 3:1");
    assertTrue(s.actions().stream().allMatch(a -> a.steps().isEmpty()));
    Group browsers = s.groups().get(0);
    assertEquals(4, browsers.steps().get(0).size(), "feed, think, item, and an if");
    assertTrue(browsers.steps().get(1).isEmpty(), "browsers sit buy out");
    assertEquals(1, s.groups().get(1).connect().size(), "the buyers' own connect step");
    assertEquals(2, s.of(s.groups().get(1)).connect().size(), "after the plan's login");
    assertEquals(40, plan.actingUsers(1), "admins sit browse out");
    assertEquals(12, plan.actingUsers(2));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          remove|/groups/2/users||/groups/2|needs exactly one of weight and users
          add|/groups/2/weight|1|/groups/2|needs exactly one of weight and users
          replace|/groups/2/users|50|/groups|the groups' users add up to 50; the plan has 42
          replace|/groups/0/weight|0|/groups/0/weight|must be more than 0
          add|/groups/0/steps/chekout|[{"request": {"url": "/x"}}]|/groups/0/steps/chekout|is not an action of the plan; its actions: [browse, buy]
          add|/actions/0/steps|[{"request": {"url": "/x"}}]|/actions/0/steps|is not used with groups
          replace|/groups/1/name|"browsers"|/groups/1/name|is used by another group
          replace|/groups/0/feeders/0/name|"card"|/groups/1/feeders/0/name|is used by another feeder
          replace|/groups/1/feeders/0/csv|"number\\n1"|/groups/1/feeders/0/strategy|unique needs a row for each of the 10 users of the group; the feeder has 1
          replace|/groups/0/steps/browse/0/request/url|"/api/${card.number}"|/groups/0/steps/browse/0/request/url|${card.number} is not defined
          add|/groups/0/steps/browse/1|{"pause": "command"}|/groups/0/steps/browse/1/pause|cannot be used in a group's steps
          replace|/groups/2/steps|{"browse": [{"request": {"url": "/x"}}]}|/actions/1|no group has steps for this action
          remove|/groups||/actions/0/steps|is required
          replace|/groups/0/steps|{}|/groups/0/steps|
          """)
  void namesTheWrongFieldOfAGroupedPlan(
      String op, String path, String value, String field, String message) {
    JsonObject plan = Json.createReader(new StringReader(example())).readObject();
    JsonPatchBuilder patch = Json.createPatchBuilder();
    switch (op) {
      case "add" -> patch.add(path, Json.createReader(new StringReader(value)).readValue());
      case "replace" -> patch.replace(path, Json.createReader(new StringReader(value)).readValue());
      default -> patch.remove(path);
    }
    String json = patch.build().apply(plan).toString();
    if (path.equals("/groups/2/steps")) {
      // and the buyers too: then nobody buys
      json = json.replace("\"buy\":[", "\"browse2\":[");
    }
    String wrong = json;
    var e = assertThrows(InvalidPlanException.class, () -> reader.read(wrong));
    assertTrue(
        e.errors().stream()
            .anyMatch(
                f ->
                    f.field().equals(field)
                        && f.message().contains(message == null ? "" : message)),
        "no error at " + field + " with \"" + message + "\": " + e.errors());
  }
}
