package io.vox.messaging;

/**
 * The latencies (µs) of one action's successful results in a batch, as HdrHistograms (3 significant
 * digits) in their compressed encoding, base64: {@code hdr} from the write of each request, {@code
 * correctedHdr} from each user's intended start (coordinated omission corrected).
 */
public record LatencyHistogram(int action, String hdr, String correctedHdr) {
  public LatencyHistogram {
    Messages.require(hdr, "hdr");
    Messages.require(correctedHdr, "correctedHdr");
  }
}
