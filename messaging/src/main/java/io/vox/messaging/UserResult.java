package io.vox.messaging;

/**
 * What one user measured for one action: start (epoch µs), latency (µs), HTTP status (0 when no
 * response came) and the error, null on success.
 */
public record UserResult(
    long user, int action, long startUs, long latencyUs, int status, String error) {
  public boolean ok() {
    return error == null;
  }
}
