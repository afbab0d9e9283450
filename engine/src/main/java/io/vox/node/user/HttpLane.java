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
   * that executor. The request may wait for a connection first: its result's {@code startUs} is
   * when it was written, so the user can count that wait.
   */
  void send(HttpCall call, HttpCallback callback);

  /**
   * A request to send. {@code url} is a path below the run's target or an absolute http(s) URL;
   * {@code headers} alternates names and values; the body is {@code body} (text, sent as UTF-8; as
   * JSON without a Content-Type header) or {@code bytes}, or neither.
   *
   * @param wantBody whether the response body is kept (decoded) for the callback
   * @param trace whether the result carries a {@link Trace} (for {@code vox try})
   * @param identity the user's own client certificate, or null for the run's
   */
  record HttpCall(
      String method,
      String url,
      String[] headers,
      String body,
      byte[] bytes,
      boolean wantBody,
      boolean trace,
      ClientIdentity identity) {}

  /**
   * A user's own TLS client certificate (from its feeder row): PEM {@code cert} and {@code key}, or
   * base64 {@code pkcs12} and its {@code password}. Connections are never shared between
   * identities.
   */
  record ClientIdentity(String cert, String key, String pkcs12, String password) {}

  /**
   * The outcome of a request: a response, or {@code error} (with status 0 when no response came, or
   * the response's status when its body could not be given to the checks). {@code startUs} is when
   * the request was first written (epoch µs), 0 if it never was; {@code latencyUs} runs from then
   * to the end of the response.
   */
  record HttpResult(
      int status,
      String body,
      Headers headers,
      long startUs,
      long latencyUs,
      String error,
      Timings timings,
      Trace trace)
      implements Reply {
    public HttpResult(
        int status, String body, Headers headers, long startUs, long latencyUs, String error) {
      this(status, body, headers, startUs, latencyUs, error, Timings.NONE, null);
    }

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

  /**
   * Where a request's time went, in microseconds: resolving the host, connecting and the TLS
   * handshake (0 on a reused connection), waiting from the write to the first byte of the response,
   * and downloading the rest; {@code bodyBytes} as received (before decoding).
   */
  record Timings(
      long dnsUs, long connectUs, long tlsUs, long waitUs, long downloadUs, long bodyBytes) {
    public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0);

    /** Whether the request opened its connection. */
    public boolean newConnection() {
      return connectUs > 0;
    }
  }

  /**
   * What was sent, as the server saw it: the absolute URL, the protocol ("HTTP/1.1" or "HTTP/2"),
   * every request header the client wrote ("name: value"), and the body.
   */
  record Trace(
      String method, String url, String protocol, List<String> requestHeaders, String body) {}

  /** Response headers, looked up by name in any case. */
  interface Headers {
    String get(String name);

    List<String> getAll(String name);

    /** Every header as "name: value", in the order received. */
    List<String> lines();
  }

  /** The absolute URL of a request's {@code url} (a path below the run's target, or absolute). */
  String absolute(String url);

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
   * Opens connections to the run's target ahead of the requests of the {@code users} users pinned
   * to this lane, when the run's {@code preconnect} asks for it. {@code done} runs once, on this
   * lane's executor, when each has opened or failed, with the first failure (null when none). Call
   * from any thread.
   */
  default void preconnect(int users, java.util.function.Consumer<String> done) {
    executor().execute(() -> done.accept(null));
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
