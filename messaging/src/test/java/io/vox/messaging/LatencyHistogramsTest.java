package io.vox.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {
  @Test
  void aNodesHistogramDecodes() {
    Histogram h = new Histogram(3);
    h.recordValue(1_500);
    h.recordValue(3_600_000_000L); // an hour, in µs
    Histogram back = LatencyHistograms.decode(LatencyHistograms.encode(h));
    assertEquals(2, back.getTotalCount());
    assertEquals(h.getMaxValue(), back.getMaxValue());
  }

  @Test
  void oneSizedBeyondTheNodesIsRefusedBeforeItsArrayIsMade() {
    Histogram wide = new Histogram(1, 10_000_000_000_000L, 4);
    wide.recordValue(7);
    var e =
        assertThrows(
            InvalidMessageException.class,
            () -> LatencyHistograms.decode(LatencyHistograms.encode(wide)));
    assertTrue(
        e.getMessage().startsWith("HdrHistogram sized beyond the nodes' (4"), e.getMessage());
  }

  @Test
  void garbageIsRefused() {
    assertThrows(InvalidMessageException.class, () -> LatencyHistograms.decode("AAAA"));
    assertThrows(InvalidMessageException.class, () -> LatencyHistograms.decode("not base64!"));
    assertThrows(
        InvalidMessageException.class,
        () -> LatencyHistograms.decode("HISCAAAAAAA=")); // a cookie, then a length cut short
  }
}
