package io.vox.master.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A threshold that names a request is judged over that request's steps in every group. */
class RequestThresholdTest {
  private static String plan(String thresholds) throws Exception {
    return Files.readString(Path.of("../docs/plans/groups.json"))
        .replaceFirst(
            "(?s)\"thresholds\": \\[.*?\\]\\s*\\}\\s*$", "\"thresholds\": " + thresholds + "}");
  }

  @Test
  void itIsJudgedOnTheFiguresOfEveryGroupsStepsOfThatLabel() throws Exception {
    RunPlan plan =
        new PlanReader()
            .read(
                plan(
                    "[{\"metric\": \"p99\", \"action\": \"browse\", \"request\": \"feed\", \"below\": 200}]"));
    Threshold t = plan.thresholds().get(0);
    assertEquals("p99 of request feed in browse < 200", t.describe());
    List<String> asked = new ArrayList<>();
    ResultMetrics metrics =
        new ResultMetrics() {
          @Override
          public Figures figures(long runId, List<Integer> actions) {
            throw new AssertionError("the action's figures are not the request's");
          }

          @Override
          public Figures requestFigures(long runId, List<int[]> steps) {
            steps.forEach(s -> asked.add(s[0] + "/" + s[1] + "/" + s[2]));
            return new Figures(40, 0, 1.0, 1.0, 1.0, 250.0, 1.0, 1.0, 1.0, 1.0);
          }
        };
    ThresholdResult r = ResultMetrics.evaluate(metrics, 7, plan, t);
    assertEquals(List.of("1/0/0", "1/1/0"), asked, "browsers' and buyers' feed in action 1");
    assertEquals(250.0, r.actual());
    assertFalse(r.passed());
  }

  @Test
  void aRequestThatNoStepIsCalledIsRefusedWithTheLabelsThereAre() throws Exception {
    var e =
        assertThrows(
            InvalidPlanException.class,
            () ->
                new PlanReader()
                    .read(
                        plan(
                            "[{\"metric\": \"p99\", \"action\": \"buy\", \"request\": \"item\", \"below\": 1}]")));
    assertEquals("/thresholds/0/request", e.errors().get(0).field());
    assertTrue(
        e.errors().get(0).message().contains("[add to cart, feed, order, stats]"),
        e.errors().toString());
  }

  @Test
  void errorsOfARequestMayBeWatchedLiveEvenInALoop() throws Exception {
    String json =
        "{\"target\":\"http://h\",\"users\":1,\"actions\":[{\"name\":\"l\","
            + "\"loop\":{\"durationMs\":1000},\"steps\":[{\"request\":{\"url\":\"/x\"}}]}],"
            + "\"thresholds\":[{\"metric\":\"errorPercent\",\"request\":\"GET /x\",\"below\":5,"
            + "\"abortOnFail\":true}]}";
    assertTrue(new PlanReader().read(json).thresholds().get(0).abortOnFail());
  }
}
