package io.vox.master.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Think;
import io.vox.messaging.scenario.WebSocketStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionDeadlineTest {
  static final Step GET = RunCoordinatorTest.GET;

  static Action action(List<Step> steps, int loopMs, double rate, double rateTo) {
    return new Action("a", 1, steps, "auto", 0, 0, 0, rate, rateTo, loopMs, 0, 0, null, null);
  }

  @Test
  void theQuietTimeIsTwiceTheLongestPathPlusTheGrace() {
    Step think = new Step(null, new Think(null, 100, 700, null), null, null);
    Step expect =
        new Step(
            null,
            null,
            new WebSocketStep(WebSocketStep.EXPECT, null, null, null, null, null, 20_000),
            null);
    Action a = action(List.of(GET, think, GET, expect), 0, 0, 0);
    // requests 2 x 10 s, think at most 0.7 s, the WebSocket wait 20 s
    assertEquals(2 * 40_700 + 5_000, ActionDeadline.quietMs(a, 10_000, 5_000));
  }

  @Test
  void progressMovesTheDeadlineAndALoopOrArrivalsPushItBack() {
    Action once = action(List.of(GET), 0, 0, 0);
    assertEquals(1_000 + 2_000 + 30_000, ActionDeadline.dueAtMs(once, 10, 1_000, 30_000, 1_000, 0));
    assertEquals(
        9_000 + 32_000, ActionDeadline.dueAtMs(once, 10, 1_000, 30_000, 1_000, 9_000), "progress");
    Action loop = action(List.of(GET), 60_000, 0, 0);
    assertEquals(61_000 + 32_000, ActionDeadline.dueAtMs(loop, 10, 1_000, 30_000, 1_000, 9_000));
    Action arrivals = action(List.of(GET), 0, 100, 10); // ramps down to 10/s: 1000 users in 100 s
    assertEquals(
        101_000 + 32_000, ActionDeadline.dueAtMs(arrivals, 1_000, 1_000, 30_000, 1_000, 9_000));
  }
}
