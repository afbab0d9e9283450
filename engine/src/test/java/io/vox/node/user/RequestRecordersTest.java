package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.RequestHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRecordersTest {
  @Test
  void eachIntervalTellsEachStepsCountFailuresAndLatenciesOnce() {
    RequestRecorders r = new RequestRecorders();
    r.record(1, 0, 2, 1_000, 1_500, true, new HttpLane.Timings(10, 20, 30, 400, 500, 2_000));
    r.record(1, 0, 2, 3_000, 3_000, true, new HttpLane.Timings(0, 0, 0, 600, 700, 3_000));
    r.record(1, 0, 2, 9_000, 9_000, false, null);
    r.record(1, 1, 0, 7_000, 7_000, false, null);
    List<RequestHistogram> taken = r.take();
    assertEquals(2, taken.size());
    RequestHistogram step = taken.stream().filter(h -> h.group() == 0).findFirst().orElseThrow();
    assertEquals(1, step.action());
    assertEquals(2, step.step());
    assertEquals(3, step.count());
    assertEquals(1, step.errors());
    assertEquals(
        List.of(5_000L, 10L, 20L, 30L, 1_000L, 1_200L, 2L),
        List.of(
            step.bytes(),
            step.dnsUs(),
            step.connectUs(),
            step.tlsUs(),
            step.waitUs(),
            step.downloadUs(),
            step.answered()),
        "sums of the steps' bytes and phases, over the 2 of 3 that were answered");
    var latency = LatencyHistograms.decode(step.hdr());
    assertEquals(2, latency.getTotalCount(), "the failed one is not a latency");
    assertEquals(3_000, latency.getMaxValue(), 3);
    assertEquals(1_500, LatencyHistograms.decode(step.correctedHdr()).getMinValue(), 2);
    RequestHistogram failed = taken.stream().filter(h -> h.group() == 1).findFirst().orElseThrow();
    assertEquals(1, failed.count());
    assertNull(failed.hdr(), "none passed");

    assertTrue(r.take().isEmpty(), "nothing new");
    r.record(2, 0, 0, 100, 100, true, null);
    assertEquals(1, r.take().size());
    assertTrue(r.take().isEmpty(), "action 1, quiet while action 2 runs, is let go");
    r.record(1, 0, 2, 100, 100, false, null);
    List<RequestHistogram> late = r.take();
    assertEquals(1, late.size(), "a late request of action 1 still counts");
    assertEquals(1, late.get(0).errors());
  }
}
