package io.vox.messaging;

/**
 * The latencies (µs) of one action's successful results in a batch, as an HdrHistogram (3
 * significant digits) in its compressed encoding, base64.
 */
public record LatencyHistogram(int action, String hdr) {
  public LatencyHistogram {
    Messages.require(hdr, "hdr");
  }
}
