package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The latency histogram (HdrHistogram, compressed, base64) of one action's successful results in
 * one stored batch. Inserted with the batch, never updated; a report merges those of an action.
 */
@Entity
@Table(
    name = "vox_histogram",
    indexes = @Index(name = "ix_histogram_action", columnList = "run_id,action"))
@IdClass(BatchHistogram.Key.class)
@NamedQuery(
    name = BatchHistogram.OF_ACTION,
    query =
        "SELECT h.hdr, h.correctedHdr, h.dispatchHdr, h.dnsHdr, h.connectHdr, h.tlsHdr,"
            + " h.waitHdr, h.downloadHdr FROM BatchHistogram h"
            + " WHERE h.runId = :run AND h.action = :action")
@NamedQuery(
    name = BatchHistogram.LAG_OF_ACTION,
    query =
        "SELECT b.nodeId, h.lagHdr FROM BatchHistogram h, StoredBatch b"
            + " WHERE h.runId = :run AND h.action = :action AND h.lagHdr IS NOT NULL"
            + " AND b.batchId = h.batchId")
public class BatchHistogram {
  public static final String OF_ACTION = "BatchHistogram.ofAction";

  /** Per node, the event loops' lateness while the action was under way. */
  public static final String LAG_OF_ACTION = "BatchHistogram.lagOfAction";

  @Id
  @Column(name = "batch_id", length = 100)
  private String batchId;

  @Id private int action;

  @Column(name = "run_id")
  private long runId;

  @Lob
  @Column(nullable = false)
  private String hdr;

  @Lob
  @Column(name = "corrected_hdr", nullable = false)
  private String correctedHdr;

  /** Each user's delay from its intended start to its first request; null when none. */
  @Lob
  @Column(name = "dispatch_hdr")
  private String dispatchHdr;

  /**
   * Where the action's HTTP requests spent their time (LatencyHistogram's phases: name resolution,
   * connect and TLS handshake of new connections, wait for the first byte, download); null when
   * none.
   */
  @Lob
  @Column(name = "dns_hdr")
  private String dnsHdr;

  @Lob
  @Column(name = "connect_hdr")
  private String connectHdr;

  @Lob
  @Column(name = "tls_hdr")
  private String tlsHdr;

  @Lob
  @Column(name = "wait_hdr")
  private String waitHdr;

  @Lob
  @Column(name = "download_hdr")
  private String downloadHdr;

  /** How late the node's event loops ran meanwhile (µs); null when the batch carried none. */
  @Lob
  @Column(name = "lag_hdr")
  private String lagHdr;

  /** How long the action's command took from the master to the node (µs); null unknown. */
  @Column(name = "delivery_us")
  private Long deliveryUs;

  /** The bound of the clock offset that delivery was measured with (µs); null unknown. */
  @Column(name = "clock_error_us")
  private Long clockErrorUs;

  protected BatchHistogram() {}

  public BatchHistogram(
      String batchId, int action, long runId, String hdr, String correctedHdr, String dispatchHdr) {
    this.batchId = batchId;
    this.action = action;
    this.runId = runId;
    this.hdr = hdr;
    this.correctedHdr = correctedHdr;
    this.dispatchHdr = dispatchHdr;
  }

  /** Composite key (batch, action). */
  public static class Key implements Serializable {
    private String batchId;
    private int action;

    public Key() {}

    public Key(String batchId, int action) {
      this.batchId = batchId;
      this.action = action;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.action == action && Objects.equals(k.batchId, batchId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(batchId, action);
    }
  }
}
