package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(1, first.httpRequests());
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
  void theLoopsLatenessCountsForTheActionUnderWayAndRidesOnlyWithBatchesSentAnyway() {
    batcher.loopLate(90_000); // no action under way: nobody's
    batcher.acting(7, 1, 3_000, 500);
    for (int i = 0; i < 99; i++) {
      batcher.loopLate(200);
    }
    batcher.loopLate(80_000);
    batcher.flush();
    assertEquals(0, sent.size(), "the lateness alone sends no batch");

    batcher.report(7, io.vox.messaging.UserResult.once(1, 1, 1, 2, 1000, 200, null));
    batcher.flush();
    assertEquals(1, sent.size());
    org.HdrHistogram.Histogram lag =
        io.vox.messaging.LatencyHistograms.decode(sent.get(0).histograms().get(0).lagHdr());
    assertEquals(100, lag.getTotalCount(), "every sample since the action began, none before");
    assertEquals(80_000, lag.getMaxValue(), 80);
    assertEquals(3_000, sent.get(0).histograms().get(0).deliveryUs());
    assertEquals(500, sent.get(0).histograms().get(0).clockErrorUs());

    batcher.acting(7, 2, -1, -1); // the next action: action 1's recorder goes once emptied
    batcher.loopLate(300);
    batcher.report(7, io.vox.messaging.UserResult.once(1, 2, 1, 2, 1000, 200, null));
    batcher.flush();
    List<LatencyHistogram> second = sent.get(1).histograms();
    assertEquals(1, second.size());
    assertEquals(2, second.get(0).action());
    assertEquals(
        1, io.vox.messaging.LatencyHistograms.decode(second.get(0).lagHdr()).getTotalCount());

    batcher.ended(7);
    batcher.loopLate(500); // the run ended here: nobody's
    batcher.flush();
    assertEquals(0, batcher.runsHeld());
    batcher.report(7, io.vox.messaging.UserResult.once(2, 2, 1, 2, 1000, 200, null));
    batcher.flush();
    assertEquals(null, sent.get(sent.size() - 1).histograms().get(0).lagHdr());
  }

  @Test
  void aStallThatBeganBeforeTheActionsLastResultCountsForItOneThatBeganAfterDoesNot() {
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    List<ReportBatch> out = new ArrayList<>();
    ReportBatcher b = new ReportBatcher("n1", 100, out::add, null, Long.MAX_VALUE, clock::get);
    b.acting(7, 1, -1, -1);
    clock.set(10_000_000);
    b.loopLate(100);
    clock.set(20_000_000);
    b.acted(7, 1); // the last user here reported action 1
    clock.set(30_000_000);
    b.loopLate(90_000); // due 60 ms ago: the stall held up the action's last responses
    clock.set(200_000_000);
    b.loopLate(50); // due at 199.95 ms: after the action
    b.report(7, io.vox.messaging.UserResult.once(1, 1, 1, 2, 1000, 200, null));
    b.flush();
    org.HdrHistogram.Histogram lag =
        io.vox.messaging.LatencyHistograms.decode(out.get(0).histograms().get(0).lagHdr());
    assertEquals(2, lag.getTotalCount());
    assertEquals(90_000, lag.getMaxValue(), 90);
  }

  @Test
  void everyHttpRequestCountsWithOrWithoutTimings() {
    batcher.phases(7, 1, 0, 0, 0, 0, 0); // failed before it was written: no phase, one request
    batcher.phases(7, 1, 0, 100, 0, 300, 50);
    batcher.phases(7, 2, 0, 0, 0, 300, 50);
    batcher.report(7, io.vox.messaging.UserResult.once(1, 1, 1, 2, 1000, 200, null));
    batcher.flush();
    assertEquals(1, sent.size());
    List<LatencyHistogram> h = sent.get(0).histograms();
    assertEquals(2, h.get(0).httpRequests(), "action 1: two requests, one of them without timings");
    assertEquals(1, h.get(1).httpRequests());
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
            null,
            Long.MAX_VALUE,
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

  @Test
  void aBrokerOutageKeepsAtMostTheCapOnTheHeapAndSendsEverythingInOrderAfter(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("000000000007.batch.json"), "a previous process's");
    boolean[] up = {false};
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
            dir,
            1_000);
    assertEquals(
        0,
        spillFiles(dir),
        "what a previous process left is deleted: its users were declared lost");
    List<String> built = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // 10,000 results of one action while the broker is away
      for (int u = 0; u < 100; u++) {
        b.report(7, io.vox.messaging.UserResult.once(i * 100L + u, 1, 1, 2, 1000 + u, 200, null));
      }
      b.flush();
      assertTrue(b.unsentResultsInMemory() <= 1_000, "heap share: " + b.unsentResultsInMemory());
    }
    assertEquals(100, b.unsentBatches());
    assertEquals(90, b.spilledBatches());
    assertEquals(90, spillFiles(dir));

    up[0] = true;
    b.flush();
    assertEquals(0, b.unsentBatches());
    assertEquals(0, spillFiles(dir), "sent batches' files are deleted");
    assertEquals(100, out.size());
    List<Long> users = out.stream().flatMap(x -> x.results().stream()).map(r -> r.user()).toList();
    assertEquals(
        java.util.stream.LongStream.range(0, 10_000).boxed().toList(), users, "all, in order");
    long counted = 0;
    for (ReportBatch batch : out) {
      for (LatencyHistogram h : batch.histograms()) {
        counted += io.vox.messaging.LatencyHistograms.decode(h.hdr()).getTotalCount();
      }
      assertEquals("n1", batch.nodeId());
    }
    assertEquals(10_000, counted, "the histograms came back from the files too");
    assertEquals(100, out.stream().map(ReportBatch::batchId).distinct().count());
  }

  private static long spillFiles(java.nio.file.Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void withTheBrokerUpAFlushOverTheCapSpillsNothing(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    List<ReportBatch> out = new ArrayList<>();
    ReportBatcher b = new ReportBatcher("n1", 100, out::add, dir, 1_000);
    for (int u = 0; u < 5_000; u++) { // a loop of 5,000 users ends: every row at once
      b.report(7, io.vox.messaging.UserResult.once(u, 1, 1, 2, 1000, 200, null));
    }
    assertEquals(5_000, b.flush());
    assertEquals(0, b.spilledBatches());
    assertEquals(50, out.size());
  }

  @Test
  void anActionTheRunLeftGivesUpItsRecordersOnceQuietAndNoSampleIsLost() {
    batcher.phases(7, 1, 0, 100, 0, 300, 50);
    batcher.flush();
    batcher.phases(7, 2, 0, 100, 0, 300, 50); // the run moved on to action 2
    batcher.flush();
    assertEquals(java.util.Set.of(1, 2), batcher.actionsHeld(7));
    batcher.phases(7, 2, 0, 100, 0, 300, 50);
    batcher.report(7, io.vox.messaging.UserResult.once(1, 2, 1, 2, 1000, 200, null));
    batcher.flush(); // action 1 was quiet for an interval: its recorders go
    assertEquals(java.util.Set.of(2), batcher.actionsHeld(7));
    batcher.phases(7, 1, 0, 100, 0, 300, 50); // a late request of action 1
    batcher.report(7, io.vox.messaging.UserResult.once(2, 2, 1, 2, 1000, 200, null));
    batcher.flush();
    long action1 =
        sent.stream()
            .flatMap(x -> x.histograms().stream())
            .filter(h -> h.action() == 1)
            .mapToLong(LatencyHistogram::httpRequests)
            .sum();
    assertEquals(2, action1, "both of action 1's requests were counted");
  }
}
