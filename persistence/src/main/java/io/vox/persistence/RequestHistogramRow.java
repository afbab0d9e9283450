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
 * One request step's figures in one stored batch, for the users of one group in one action: how
 * many ended, how many failed, the latencies of those that passed (HdrHistogram, compressed,
 * base64; null when none passed). Inserted with the batch, never updated; a report merges a run's.
 */
@Entity
@Table(
    name = "vox_request_histogram",
    indexes = @Index(name = "ix_request_histogram_run", columnList = "run_id,action"))
@IdClass(RequestHistogramRow.Key.class)
@NamedQuery(
    name = RequestHistogramRow.OF_ACTIONS,
    query =
        "SELECT h.action, h.userGroup, h.step, h.requests, h.errors, h.hdr, h.correctedHdr"
            + " FROM RequestHistogramRow h WHERE h.runId = :run AND h.action IN :actions")
public class RequestHistogramRow {
  public static final String OF_ACTIONS = "RequestHistogramRow.ofActions";

  @Id
  @Column(name = "batch_id", length = 100)
  private String batchId;

  @Id private int action;

  @Id
  @Column(name = "user_group")
  private int userGroup;

  @Id private int step;

  @Column(name = "run_id")
  private long runId;

  /** Request steps that ended (passed and failed). */
  private long requests;

  private long errors;

  @Lob private String hdr;

  @Lob
  @Column(name = "corrected_hdr")
  private String correctedHdr;

  /** Response body bytes and the phases' µs, summed over the requests (a row before: null). */
  @Column(name = "body_bytes")
  private Long bodyBytes;

  @Column(name = "dns_us")
  private Long dnsUs;

  @Column(name = "connect_us")
  private Long connectUs;

  @Column(name = "tls_us")
  private Long tlsUs;

  @Column(name = "wait_us")
  private Long waitUs;

  @Column(name = "download_us")
  private Long downloadUs;

  /** Of the requests, those that got a response's first byte. */
  private Long answered;

  protected RequestHistogramRow() {}

  /** Composite key (batch, action, group, step). */
  public static class Key implements Serializable {
    private String batchId;
    private int action;
    private int userGroup;
    private int step;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.action == action
          && k.userGroup == userGroup
          && k.step == step
          && Objects.equals(k.batchId, batchId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(batchId, action, userGroup, step);
    }
  }
}
