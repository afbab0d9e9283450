package io.vox.master.app;

import io.vox.master.app.port.ResultStore;
import io.vox.messaging.ReportBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The nodes' report batches, stored as result rows (the collector's one call). */
@ApplicationScoped
public class ResultService {
  @Inject ResultStore results;

  /**
   * Stores {@code batch} once, in a transaction of its own: false when it was stored before.
   *
   * @throws RejectedBatchException for a batch that cannot be true (nothing of it is stored)
   */
  public boolean store(ReportBatch batch, long nowMs) {
    return results.store(batch, nowMs);
  }

  /** Rows written by LOAD DATA since the master started. */
  public long loadedRows() {
    return results.loadedRows();
  }

  /** Rows written by INSERT (LOAD DATA refused) since the master started. */
  public long insertedRows() {
    return results.insertedRows();
  }
}
