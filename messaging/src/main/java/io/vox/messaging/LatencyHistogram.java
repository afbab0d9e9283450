package io.vox.messaging;

/**
 * The latencies (µs) of one action's successful results in a batch, as HdrHistograms (3 significant
 * digits) in their compressed encoding, base64: {@code hdr} from the write of each request, {@code
 * correctedHdr} from each user's intended start (coordinated omission corrected). {@code
 * dispatchHdr} (null when empty) holds each user's dispatch delay, from its intended start (when
 * its node was told to act, or its arrival) to its first request: the node's dispatch skew.
 */
public record LatencyHistogram(int action, String hdr, String correctedHdr, String dispatchHdr) {
  public LatencyHistogram {
    Messages.require(hdr, "hdr");
    Messages.require(correctedHdr, "correctedHdr");
  }
}
