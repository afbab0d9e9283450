package io.vox.node.http;

import io.vox.node.user.HttpLane.HttpCall;
import io.vox.node.user.HttpLane.HttpCallback;
import io.vox.node.user.HttpLane.HttpResult;
import io.vox.node.user.HttpLane.Timings;
import io.vox.node.user.HttpLane.Trace;
import java.util.List;

/**
 * A request on its way: waiting for a connection, sent, or retried once on a new connection. It
 * keeps the times its result reports: the connection it opened (if any), the write, the first byte.
 */
final class Pending {
  final HttpCall call;
  final String path;
  final HttpCallback callback;
  long startNanos;
  long startUs;
  long firstByteNanos;
  boolean retried;
  Dialer.Times dialed;
  Trace trace;

  Pending(HttpCall call, String path, HttpCallback callback) {
    this.call = call;
    this.path = path;
    this.callback = callback;
  }

  /** Marks the first write; a retry keeps the first attempt's start, so its wait is counted. */
  void started() {
    if (startNanos == 0) {
      startUs = WallClock.nowUs();
      startNanos = System.nanoTime();
    }
  }

  /** The first byte of the response (its status line or HEADERS frame) arrived. */
  void firstByte() {
    if (firstByteNanos == 0) {
      firstByteNanos = System.nanoTime();
    }
  }

  long latencyUs() {
    return startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1000;
  }

  Timings timings(long bodyBytes) {
    long now = System.nanoTime();
    long waitUs = firstByteNanos == 0 || startNanos == 0 ? 0 : (firstByteNanos - startNanos) / 1000;
    long downloadUs = firstByteNanos == 0 ? 0 : (now - firstByteNanos) / 1000;
    Dialer.Times d = dialed;
    return d == null
        ? new Timings(0, 0, 0, waitUs, downloadUs, bodyBytes)
        : new Timings(d.dnsUs(), d.connectUs(), d.tlsUs(), waitUs, downloadUs, bodyBytes);
  }

  /** Records what was written, when the call asks for a trace. */
  void traced(Origin origin, String protocol, List<String> headers) {
    if (call.trace()) {
      String body =
          call.bytes() != null
              ? "("
                  + call.bytes().length
                  + " bytes) "
                  + new String(call.bytes(), java.nio.charset.StandardCharsets.UTF_8)
              : call.body();
      trace = new Trace(call.method(), origin.url(path), protocol, headers, body);
    }
  }

  void fail(String error) {
    callback.done(new HttpResult(0, null, null, startUs, latencyUs(), error, timings(0), trace));
  }

  /** Whether a request of this method may be sent again when a reused connection dropped it. */
  boolean idempotent() {
    return switch (call.method()) {
      case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
      default -> false;
    };
  }
}
