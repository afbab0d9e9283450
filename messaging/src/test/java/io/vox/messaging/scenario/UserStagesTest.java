package io.vox.messaging.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserStagesTest {
  private static Action loop(Action.UserStage... stages) {
    return new Action(
        "a", 1, List.of(), Action.AUTO, 0, 0, 0, 0, 0, 0, 0, 0, null, List.of(stages));
  }

  @Test
  void usersJoinAsTheCountRisesAndTheLastToJoinLeaveFirst() {
    // 0 -> 10 users over 1 s, 10 for 1 s, back to 0 over 1 s
    Action a =
        loop(
            new Action.UserStage(1000, 10),
            new Action.UserStage(1000, 10),
            new Action.UserStage(1000, 0));
    assertEquals(3000, a.stagesMs());
    assertArrayEquals(new long[] {100, 2900}, a.activeWindowsMs(0), "first in, last out");
    assertArrayEquals(new long[] {500, 2500}, a.activeWindowsMs(4));
    assertArrayEquals(new long[] {1000, 2000}, a.activeWindowsMs(9), "joins at the top only");
    assertArrayEquals(new long[] {}, a.activeWindowsMs(10), "an 11th user never joins");
  }

  @Test
  void aUserWhoLeavesAndComesBackHasTwoWindowsAndAJumpIsInstant() {
    Action a =
        loop(
            new Action.UserStage(0, 4), // at once
            new Action.UserStage(1000, 4),
            new Action.UserStage(1000, 2),
            new Action.UserStage(1000, 2),
            new Action.UserStage(1000, 4),
            new Action.UserStage(500, 4));
    assertArrayEquals(new long[] {0, 4500}, a.activeWindowsMs(0), "never below 2: one window");
    assertArrayEquals(new long[] {0, 1500, 3500, 4500}, a.activeWindowsMs(2));
    assertArrayEquals(new long[] {0, 1000, 4000, 4500}, a.activeWindowsMs(3));
  }
}
