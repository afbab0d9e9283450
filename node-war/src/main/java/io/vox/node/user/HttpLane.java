package io.vox.node.user;

import java.util.concurrent.Executor;

/**
 * One event loop and the HTTP connections it owns. Users pinned to a lane run on its executor, so a
 * response is handled and the next request written on the same thread.
 */
public interface HttpLane {
  /** The lane's event loop, the executor of the users pinned to it. */
  Executor executor();

  /**
   * Sends a request; {@code callback} runs on this lane's executor exactly once. Call only from
   * that executor.
   */
  void send(HttpCall call, HttpCallback callback);

  /** A request to send: body and token may be null. */
  record HttpCall(String method, String path, String body, String bearerToken, boolean wantBody) {}

  /** The outcome of a request. */
  interface HttpCallback {
    /**
     * @param status HTTP status, 0 when no response came
     * @param body the response body when asked for, else null
     * @param startUs epoch µs when the request was written
     * @param latencyUs µs from write to the end of the response
     * @param error null on a response, else what went wrong
     */
    void done(int status, String body, long startUs, long latencyUs, String error);
  }
}
