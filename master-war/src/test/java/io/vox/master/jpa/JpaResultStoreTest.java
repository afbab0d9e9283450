package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.messaging.UserResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JpaResultStoreTest {
  @Test
  void theSlowestKeptPerActionAreTheTopOfASortOfItsSuccessfulResults() {
    Random rnd = new Random(7);
    List<UserResult> results = new ArrayList<>();
    for (int u = 0; u < 5000; u++) {
      int action = 1 + rnd.nextInt(3);
      long latency = rnd.nextInt(50_000); // many ties
      results.add(
          UserResult.once(u, action, 1, 2, latency, 200, rnd.nextInt(10) == 0 ? "x" : null));
    }
    var kept = JpaResultStore.slowest(results, 100);
    assertEquals(List.of(1, 2, 3), List.copyOf(kept.keySet()));
    for (int action = 1; action <= 3; action++) {
      int a = action;
      List<Long> expected =
          results.stream()
              .filter(r -> r.action() == a && r.ok())
              .map(UserResult::latencyUs)
              .sorted(Comparator.reverseOrder())
              .limit(100)
              .toList();
      List<Long> actual =
          kept.get(action).stream()
              .peek(r -> assertEquals(null, r.error(), "successful results only"))
              .map(UserResult::latencyUs)
              .sorted(Comparator.reverseOrder())
              .toList();
      assertEquals(expected, actual, "action " + action);
    }
  }

  @Test
  void anActionWithFewerResultsKeepsThemAllAndFailuresNone() {
    var kept =
        JpaResultStore.slowest(
            List.of(
                UserResult.once(1, 1, 0, 0, 5, 200, null),
                UserResult.once(2, 1, 0, 0, 9, 200, null),
                UserResult.once(3, 2, 0, 0, 99, 0, "refused")),
            100);
    assertEquals(List.of(1), List.copyOf(kept.keySet()));
    assertEquals(2, kept.get(1).size());
  }
}
