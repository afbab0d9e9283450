package io.vox.messaging;

/**
 * One request step's figures in a batch, for the users of one group in one action: {@code step} is
 * the step's place in the group's steps of the action (each redirect hop of it counts in it, the
 * step is one request). {@code count} steps ended since the batch before, {@code errors} of them
 * failed (an error, a status or a check); {@code hdr} and {@code correctedHdr} (null when none
 * passed) hold the latencies (µs, HdrHistogram as in {@link LatencyHistogram}) of those that
 * passed, the corrected ones counting each wait before the request was written (for a connection, a
 * rate cap's turn, or, for the action's first request, from the user's intended start). {@code
 * bytes} and the phases' µs ({@code dnsUs} ... {@code downloadUs}, as in {@link LatencyHistogram},
 * 0 where a request had none) are sums over all {@code count} steps, redirect hops included; {@code
 * answered} of the steps got a response's first byte (what the wait and download are a mean over).
 */
public record RequestHistogram(
    int action,
    int group,
    int step,
    long count,
    long errors,
    String hdr,
    String correctedHdr,
    long bytes,
    long dnsUs,
    long connectUs,
    long tlsUs,
    long waitUs,
    long downloadUs,
    long answered) {
  public RequestHistogram {
    if (answered < 0 || answered > count) {
      throw new InvalidMessageException("request histogram: answered must be 0 to count");
    }
    if (bytes < 0 || dnsUs < 0 || connectUs < 0 || tlsUs < 0 || waitUs < 0 || downloadUs < 0) {
      throw new InvalidMessageException("request histogram: bytes and phases must be 0 or more");
    }
    if (action < 1 || group < 0 || step < 0) {
      throw new InvalidMessageException(
          "request histogram: action must be 1 or more, group and step 0 or more; was "
              + action
              + "/"
              + group
              + "/"
              + step);
    }
    if (count < 0 || errors < 0 || errors > count) {
      throw new InvalidMessageException(
          "request histogram: count must be 0 or more and errors 0 to count; was "
              + count
              + " and "
              + errors);
    }
    if ((hdr == null) != (correctedHdr == null) || (hdr == null && errors < count)) {
      throw new InvalidMessageException(
          "request histogram: hdr and correctedHdr go together, for the requests that passed");
    }
  }
}
