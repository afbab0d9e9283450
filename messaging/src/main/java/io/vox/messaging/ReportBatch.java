package io.vox.messaging;

import java.util.List;

/**
 * Many user results of one run from one node. Sender: node ReportBatcher, at least every report
 * interval. Receiver: master ReportCollector, via queue vox.reports. Guarantee: persistent, at
 * least once; the master stores a batch id once and skips a redelivered batch.
 */
public record ReportBatch(
    int schemaVersion, String batchId, long runId, String nodeId, List<UserResult> results)
    implements Message {
  public ReportBatch {
    Messages.version(schemaVersion);
    Messages.require(batchId, "batchId");
    Messages.require(nodeId, "nodeId");
    Messages.require(results, "results");
    results = List.copyOf(results);
  }
}
