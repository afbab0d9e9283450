package io.vox.node.user;

import io.vox.node.scenario.Reply;
import java.util.List;
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

  /**
   * A request to send. {@code headers} alternates names and values; a body without a Content-Type
   * header is sent as JSON.
   *
   * @param wantBody whether the response body is kept for the callback
   */
  record HttpCall(String method, String path, String[] headers, String body, boolean wantBody) {}

  /** The outcome of a request: a response, or {@code error} with status 0. */
  record HttpResult(
      int status, String body, Headers headers, long startUs, long latencyUs, String error)
      implements Reply {
    @Override
    public String header(String name) {
      return headers == null ? null : headers.get(name);
    }

    @Override
    public List<String> headers(String name) {
      return headers == null ? List.of() : headers.getAll(name);
    }

    /** A failure before or instead of a response. */
    public static HttpResult failed(long startUs, long latencyUs, String error) {
      return new HttpResult(0, null, null, startUs, latencyUs, error);
    }
  }

  /** Response headers, looked up by name in any case. */
  interface Headers {
    String get(String name);

    List<String> getAll(String name);
  }

  /**
   * Opens a WebSocket to {@code path} below the target, on a connection of its own (WebSockets are
   * not pooled). {@code listener} runs on this lane's executor. Call only from that executor.
   */
  void openWebSocket(String path, String[] headers, WebSocketListener listener);

  /** An open WebSocket. Call only from the lane's executor. */
  interface WebSocketHandle {
    void send(String text);

    void close();
  }

  /** What happens to a WebSocket: opened once, or closed (also when it could not be opened). */
  interface WebSocketListener {
    /** The handshake completed, {@code latencyUs} after the connect started. */
    void opened(WebSocketHandle ws, long latencyUs);

    void message(WebSocketHandle ws, String text);

    /** It closed, or never opened, for {@code reason}; nothing follows. */
    void closed(WebSocketHandle ws, String reason);
  }

  /**
   * Runs {@code task} on this lane's executor about {@code delayMs} from now: think times, pacing
   * and timeouts of the users pinned here, with no thread hop. Call only from that executor.
   */
  void schedule(long delayMs, Runnable task);

  /** Receives the outcome of a request. */
  interface HttpCallback {
    void done(HttpResult result);
  }
}
