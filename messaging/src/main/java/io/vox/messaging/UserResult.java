package io.vox.messaging;

/**
 * What one user measured for one action. Times are epoch µs: {@code intendedUs} when the user was
 * told to act (the node received the command), {@code startUs} when its request was written; {@code
 * latencyUs} runs from the write to the end of the response. HTTP status is 0 when no response
 * came; the error is null on success.
 */
public record UserResult(
    long user,
    int action,
    long intendedUs,
    long startUs,
    long latencyUs,
    int status,
    String error) {
  public boolean ok() {
    return error == null;
  }

  /**
   * Latency from the intended start (coordinated omission corrected): it includes the time the user
   * waited before its request could be written, e.g. for a pooled connection.
   */
  public long correctedLatencyUs() {
    return intendedUs <= 0 ? latencyUs : Math.max(latencyUs, startUs + latencyUs - intendedUs);
  }
}
