package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.ReportBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportBatcherTest {
  private final List<ReportBatch> sent = new ArrayList<>();
  private final ReportBatcher batcher = new ReportBatcher("n1", 100, sent::add);

  @Test
  void anEndedRunsLastSamplesGoOutThenItsStateIsDropped() {
    batcher.phases(7, 1, 0, 100, 200, 300, 50);
    batcher.flush(); // samples alone: sent, then held back for a second
    assertEquals(1, sent.size());
    LatencyHistogram first = sent.get(0).histograms().get(0);
    assertNotNull(first.tlsHdr());
    assertEquals(null, first.dnsHdr(), "no lookup, nothing recorded");

    batcher.phases(7, 1, 0, 100, 200, 300, 50);
    batcher.ended(7);
    batcher.flush(); // within the second, but the run ended: its last samples go now
    assertEquals(2, sent.size());
    assertEquals(0, batcher.runsHeld());

    batcher.phases(7, 1, 0, 100, 200, 300, 50); // a late request of the ended run
    batcher.sample(7, 1, 1000, 1000);
    batcher.flush();
    assertEquals(2, sent.size());
    assertEquals(0, batcher.runsHeld());
  }
}
