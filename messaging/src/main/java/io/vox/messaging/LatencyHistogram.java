package io.vox.messaging;

import java.util.List;

/**
 * The latencies (µs) of one action's successful results in a batch, as HdrHistograms (3 significant
 * digits) in their compressed encoding, base64: {@code hdr} from the write of each request, {@code
 * correctedHdr} the same plus every wait before a request was written, from each user's intended
 * start on ({@link UserResult#correctedLatencyUs()}, coordinated omission corrected). {@code
 * dispatchHdr} (null when empty) holds each user's dispatch delay, from its intended start (when
 * its node was told to act, or its arrival) to its first request: the node's dispatch skew. The
 * phase histograms (each null when empty) hold where each HTTP request's time went, every request
 * and redirect hop counted, failed ones too: resolving the name, connecting and the TLS handshake
 * (new connections only), waiting for the first byte and downloading the rest. {@code httpRequests}
 * counts the HTTP requests the action's users made since the batch before (every step, redirect hop
 * and loop iteration, failed ones too; 0 from a node that does not count them). {@code lagHdr}
 * (null when none) holds how late the node's event loops ran while the action was under way (a task
 * due every 20 ms on each loop, and the ticks a stall held up): when they ran late, latencies
 * measured meanwhile are partly the generator's own. {@code deliveryUs} is how long the master's
 * command for the action took to reach the node, measured with a clock offset known within {@code
 * clockErrorUs} (each -1 when unknown).
 */
public record LatencyHistogram(
    int action,
    String hdr,
    String correctedHdr,
    String dispatchHdr,
    String dnsHdr,
    String connectHdr,
    String tlsHdr,
    String waitHdr,
    String downloadHdr,
    long httpRequests,
    String lagHdr,
    long deliveryUs,
    long clockErrorUs) {
  /** The request phases, in the order of {@link #phases()}. */
  public static final List<String> PHASES = List.of("dns", "connect", "tls", "wait", "download");

  public LatencyHistogram {
    Messages.require(hdr, "hdr");
    Messages.require(correctedHdr, "correctedHdr");
    if (httpRequests < 0) {
      throw new InvalidMessageException("httpRequests: must be 0 or more, was " + httpRequests);
    }
  }

  /** Without a count of HTTP requests. */
  public LatencyHistogram(
      int action,
      String hdr,
      String correctedHdr,
      String dispatchHdr,
      String dnsHdr,
      String connectHdr,
      String tlsHdr,
      String waitHdr,
      String downloadHdr) {
    this(
        action,
        hdr,
        correctedHdr,
        dispatchHdr,
        dnsHdr,
        connectHdr,
        tlsHdr,
        waitHdr,
        downloadHdr,
        0,
        null,
        -1,
        -1);
  }

  /** Without request phases. */
  public LatencyHistogram(int action, String hdr, String correctedHdr, String dispatchHdr) {
    this(action, hdr, correctedHdr, dispatchHdr, null, null, null, null, null, 0, null, -1, -1);
  }

  /** The phase histograms in the order of {@link #PHASES}, each null when empty. */
  public String[] phases() {
    return new String[] {dnsHdr, connectHdr, tlsHdr, waitHdr, downloadHdr};
  }
}
