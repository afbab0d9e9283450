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

  @Test
  void aBrokerOutagePilesUpNoBatchOfSamplesAloneAndLosesNoSample() {
    boolean[] up = {false};
    long[] now = {0};
    List<ReportBatch> out = new ArrayList<>();
    ReportBatcher b =
        new ReportBatcher(
            "n1",
            100,
            batch -> {
              if (!up[0]) {
                throw new IllegalStateException("the broker is away");
              }
              out.add(batch);
            },
            () -> now[0]);
    b.sample(7, 1, 1000, 1000);
    b.flush(); // samples alone, not taken
    assertEquals(1, b.unsentBatches());
    for (int i = 0; i < 1000; i++) { // a loop's iterations over 2,000 s of outage
      now[0] += 2_000_000_000L;
      b.sample(7, 1, 1000, 1000);
      b.flush();
    }
    assertEquals(1, b.unsentBatches(), "the samples wait in the recorders, not in batches");
    up[0] = true;
    b.ended(7);
    b.flush();
    assertEquals(0, b.unsentBatches());
    assertEquals(2, out.size());
    long samples = 0;
    for (ReportBatch batch : out) {
      for (LatencyHistogram h : batch.histograms()) {
        samples += io.vox.messaging.LatencyHistograms.decode(h.hdr()).getTotalCount();
      }
    }
    assertEquals(1001, samples, "every sample arrives");
  }
}
