package io.vox.master.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RequestStatsTest {
  private static final RequestStats.Names NAMES =
      new RequestStats.Names() {
        @Override
        public String action(int action) {
          return "a";
        }

        @Override
        public String group(int group) {
          return null;
        }

        @Override
        public String step(int action, int group, int step) {
          return "GET /";
        }
      };

  @Test
  void bytesAreSummedAndEachPhaseIsAMeanPerRequest() {
    Histogram h = new Histogram(3);
    h.recordValue(2_000);
    h.recordValue(4_000);
    RequestStats.Entry e =
        RequestStats.of(
                1,
                List.of(
                    new RequestStats.Figures(
                        1, 0, 0, 4, 2, h, h, new long[] {8_192, 400, 800, 1_200, 6_000, 2_000, 2})),
                NAMES)
            .requests()
            .get(0);
    assertEquals(8_192, e.bytes());
    assertEquals(2, e.answered());
    assertEquals(0.1, e.dnsMs());
    assertEquals(0.2, e.connectMs());
    assertEquals(0.3, e.tlsMs());
    assertEquals(3.0, e.waitMs(), "over the 2 answered, not the 2 that failed without one");
    assertEquals(1.0, e.downloadMs());
    assertEquals(3.0, e.meanMs(), 0.01);

    RequestStats.Entry before =
        RequestStats.of(1, List.of(new RequestStats.Figures(1, 0, 0, 4, 2, h, h)), NAMES)
            .requests()
            .get(0);
    assertNull(before.waitMs(), "rows stored without phases show none, not 0");
    assertNull(before.bytes());
  }
}
