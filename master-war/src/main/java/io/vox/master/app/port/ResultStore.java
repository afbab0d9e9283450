package io.vox.master.app.port;

/** Where the nodes' report batches go: result rows and the per-action counters. */
public interface ResultStore {
  /**
   * Stores {@code batch} once, in its own transaction: false when it was stored before (a
   * redelivery).
   *
   * @throws io.vox.master.app.RejectedBatchException for a batch that cannot be true (nothing of it
   *     is stored)
   */
  boolean store(io.vox.messaging.ReportBatch batch, long nowMs);

  /** Rows written by LOAD DATA since the master started. */
  long loadedRows();

  /** Rows written by INSERT (the fallback) since the master started. */
  long insertedRows();
}
