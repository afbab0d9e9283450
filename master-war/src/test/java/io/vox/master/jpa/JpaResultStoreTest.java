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

  private static final JpaResultStore.RunCheck RUN =
      new JpaResultStore.RunCheck("RUNNING", 2, true, false, 100, 50, 0);

  private static io.vox.messaging.ReportBatch batch(
      String node, List<UserResult> results, List<io.vox.messaging.LatencyHistogram> h) {
    return new io.vox.messaging.ReportBatch(
        io.vox.messaging.Message.SCHEMA_VERSION, "b", 7, node, results, h);
  }

  @Test
  void aBatchThatCannotBeTrueIsRejectedWithTheReason() {
    List<UserResult> good = List.of(UserResult.once(100, 1, 1, 2, 5, 200, null));
    var histograms = io.vox.messaging.LatencyHistograms.of(good);
    assertEquals(null, JpaResultStore.reject(batch("n", good, histograms), RUN));
    assertEquals(
        "run 7 has ended (STOPPED): nothing is stored after",
        JpaResultStore.reject(
            batch("n", good, histograms),
            new JpaResultStore.RunCheck("STOPPED", 2, true, false, 100, 50, 0)));
    assertEquals(
        "node n has no slice of run 7",
        JpaResultStore.reject(
            batch("n", good, histograms),
            new JpaResultStore.RunCheck("RUNNING", 2, false, false, 0, 0, 0)));
    assertEquals(
        "user 150 is not in node n's slice (users 100 to 149)",
        JpaResultStore.reject(
            batch("n", List.of(UserResult.once(150, 1, 1, 2, 5, 200, null)), List.of()), RUN));
    assertEquals(
        "action 3 is not one of the run's 1 to 2",
        JpaResultStore.reject(
            batch("n", List.of(UserResult.once(101, 3, 1, 2, 5, 200, null)), List.of()), RUN));
    assertEquals(
        "histogram of action 9, not one of the run's 1 to 2",
        JpaResultStore.reject(
            batch(
                "n", List.of(), List.of(new io.vox.messaging.LatencyHistogram(9, "x", "x", null))),
            RUN));
    String bad =
        JpaResultStore.reject(
            batch(
                "n",
                List.of(),
                List.of(new io.vox.messaging.LatencyHistogram(1, "AAAA", "x", null))),
            RUN);
    assertEquals(true, bad.startsWith("a histogram of action 1: not an encoded HdrHistogram"), bad);
    var h = histograms.get(0);
    assertEquals(
        "action 1 claims 1000000001 HTTP requests in one batch (at most 1000000000)",
        JpaResultStore.reject(
            batch(
                "n",
                good,
                List.of(
                    new io.vox.messaging.LatencyHistogram(
                        1,
                        h.hdr(),
                        h.correctedHdr(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        1_000_000_001L,
                        null,
                        -1,
                        -1))),
            RUN));
  }
}
