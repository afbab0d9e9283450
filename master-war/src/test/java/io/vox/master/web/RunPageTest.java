package io.vox.master.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.master.report.Timeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunPageTest {
  private static Timeline.Second s(long second, long count) {
    return new Timeline.Second(second, count, 0, 1.0, 2.0);
  }

  @Test
  void anActiveRunShowsTheLastFullSecondAnEndedOneItsMean() {
    List<Timeline.Second> seconds = List.of(s(100, 40), s(101, 90), s(103, 30));
    assertEquals(90, RunPage.resultsPerSecond(seconds, true), "103 is still being filled");
    assertEquals(40, RunPage.resultsPerSecond(seconds, false), "160 results over 4 s");
    assertEquals(0, RunPage.resultsPerSecond(List.of(s(5, 7)), true));
    assertEquals(0, RunPage.resultsPerSecond(List.of(), false));
  }

  @Test
  void aRecordBecomesAMapThePagesRead() {
    assertEquals(
        java.util.Map.of("second", 7L, "count", 3L, "errors", 0L, "meanMs", 1.0, "maxMs", 2.0),
        Rows.of(s(7, 3)));
  }
}
