package io.vox.messaging;

import java.util.List;

/**
 * Many user results of one run from one node, with one latency histogram per action of exactly
 * those results (so percentiles never need a scan of the rows), and the figures of each request
 * step made since the batch before ({@code requests}, per action, group and step). Sender: node
 * ReportBatcher, at least every report interval. Receiver: master ReportCollector, via queue
 * vox.reports. Guarantee: persistent, at least once; the master stores a batch id once and skips a
 * redelivered batch. The results travel as the text the database loads ({@link ResultRows}).
 */
public record ReportBatch(
    int schemaVersion,
    String batchId,
    long runId,
    String nodeId,
    ResultRows results,
    List<LatencyHistogram> histograms,
    List<RequestHistogram> requests)
    implements Message {
  public ReportBatch {
    Messages.version(schemaVersion);
    Messages.require(batchId, "batchId");
    Messages.require(nodeId, "nodeId");
    Messages.require(results, "results");
    Messages.require(histograms, "histograms");
    histograms = List.copyOf(histograms);
    requests = requests == null ? List.of() : List.copyOf(requests);
  }

  /** A batch without request figures. */
  public ReportBatch(
      int schemaVersion,
      String batchId,
      long runId,
      String nodeId,
      ResultRows results,
      List<LatencyHistogram> histograms) {
    this(schemaVersion, batchId, runId, nodeId, results, histograms, List.of());
  }

  /** A batch of {@code results}, written as their text here. */
  public ReportBatch(
      int schemaVersion,
      String batchId,
      long runId,
      String nodeId,
      List<UserResult> results,
      List<LatencyHistogram> histograms) {
    this(
        schemaVersion,
        batchId,
        runId,
        nodeId,
        results == null ? null : ResultRows.of(results),
        histograms,
        List.of());
  }
}
