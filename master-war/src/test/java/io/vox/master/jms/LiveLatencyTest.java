package io.vox.master.jms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.Message;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RequestHistogram;
import io.vox.messaging.ResultRows;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LiveLatencyTest {
  private static String hdr(long... us) {
    Histogram h = new Histogram(3);
    for (long v : us) {
      h.recordValue(v);
    }
    return LatencyHistograms.encode(h);
  }

  private static ReportBatch batch(long run, String id, String hdr, RequestHistogram... requests) {
    return new ReportBatch(
        Message.SCHEMA_VERSION,
        id,
        run,
        "node-a",
        ResultRows.of(List.of()),
        List.of(new LatencyHistogram(1, hdr, hdr, null, null, null, null, null, null)),
        List.of(requests));
  }

  @Test
  void batchesAddUpInLatencyBuckets() {
    LiveLatency live = new LiveLatency();
    // 0.5 ms, 3 ms, 3 ms, 2 s, 2 min: buckets le 1 ms, le 5 ms, le 2.5 s, past 1 min
    live.add(batch(7, "a-1", hdr(500, 3_000)), 1_000);
    live.add(
        batch(
            7,
            "a-2",
            hdr(3_000, 2_000_000, 120_000_000),
            new RequestHistogram(
                1, 0, 2, 4, 1, hdr(800, 800, 800), hdr(800, 800, 800), 0, 0, 0, 0, 0, 0, 4)),
        2_000);
    var series = live.series(7);
    long[] c = series.get(new LiveLatency.Key(1, -1, -1, false)).cumulative();
    assertEquals(LiveLatency.BOUNDS_US.size() + 1, c.length);
    assertEquals(1, c[0], "le 1 ms");
    assertEquals(1, c[1], "le 2.5 ms");
    assertEquals(3, c[2], "le 5 ms");
    assertEquals(4, c[LiveLatency.BOUNDS_US.indexOf(2_500_000L)], "le 2.5 s");
    assertEquals(4, c[c.length - 2], "le 1 min");
    assertEquals(5, c[c.length - 1], "all");
    assertTrue(
        Math.abs(series.get(new LiveLatency.Key(1, -1, -1, false)).sumSeconds() - 122.0065) < 0.2);
    LiveLatency.Series step = series.get(new LiveLatency.Key(1, 0, 2, false));
    assertEquals(4, step.requests());
    assertEquals(1, step.failed());
    assertEquals(3, step.cumulative()[0], "the requests that passed, le 1 ms");
    assertEquals(List.of(7L), live.runs(2_000));
  }

  @Test
  void aRunIsForgottenHalfAnHourAfterItsLastBatch() {
    LiveLatency live = new LiveLatency();
    live.add(batch(1, "a-1", hdr(500)), 0);
    live.add(batch(2, "b-1", hdr(500)), LiveLatency.FORGET_MS);
    assertEquals(List.of(1L, 2L), live.runs(LiveLatency.FORGET_MS));
    assertEquals(List.of(2L), live.runs(LiveLatency.FORGET_MS + 1));
    assertArrayEquals(new Object[0], live.series(1).keySet().toArray());
  }
}
