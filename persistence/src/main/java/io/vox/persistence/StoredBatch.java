package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A report batch already stored: its id makes a redelivered batch a no-op. */
@Entity
@Table(name = "vox_batch")
public class StoredBatch {
  @Id
  @Column(name = "batch_id", length = 100)
  private String batchId;

  @Column(name = "run_id")
  private long runId;

  @Column(name = "node_id", length = 100)
  private String nodeId;

  @Column(name = "row_count")
  private int rowCount;

  @Column(name = "stored_at_ms")
  private long storedAtMs;

  protected StoredBatch() {}

  public StoredBatch(String batchId, long runId, String nodeId, int rowCount, long storedAtMs) {
    this.batchId = batchId;
    this.runId = runId;
    this.nodeId = nodeId;
    this.rowCount = rowCount;
    this.storedAtMs = storedAtMs;
  }

  public String getBatchId() {
    return batchId;
  }

  public int getRowCount() {
    return rowCount;
  }
}
