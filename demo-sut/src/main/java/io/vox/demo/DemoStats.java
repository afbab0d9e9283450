package io.vox.demo;

import java.util.concurrent.atomic.LongAdder;

/** What the demo API served, for tests and the demo's summary. */
public final class DemoStats {
  final LongAdder logins = new LongAdder();
  final LongAdder messages = new LongAdder();
  final LongAdder feeds = new LongAdder();
  final LongAdder unauthorized = new LongAdder();
  final LongAdder badLogins = new LongAdder();
  final LongAdder profiles = new LongAdder();
  final LongAdder items = new LongAdder();
  final LongAdder wsMessages = new LongAdder();
  final LongAdder http2Streams = new LongAdder();
  final LongAdder tlsConnections = new LongAdder();

  /** System.nanoTime() at which the stall window of /api/stall closes; 0 before its first call. */
  long stallEndNanos;

  public long logins() {
    return logins.sum();
  }

  public long messages() {
    return messages.sum();
  }

  public long feeds() {
    return feeds.sum();
  }

  public long unauthorized() {
    return unauthorized.sum();
  }

  /** Logins refused for a wrong password. */
  public long badLogins() {
    return badLogins.sum();
  }

  /** Answers of {@code GET /api/me} (session cookie). */
  public long profiles() {
    return profiles.sum();
  }

  /** Answers of {@code GET /api/items/{id}}. */
  public long items() {
    return items.sum();
  }

  /** Requests received as HTTP/2 streams (h2c, prior knowledge). */
  /** TLS connections accepted (on the port {@link DemoServer#withTls} opens). */
  public long tlsConnections() {
    return tlsConnections.sum();
  }

  public long http2Streams() {
    return http2Streams.sum();
  }

  /** Text messages received on the {@code /ws} WebSocket. */
  public long wsMessages() {
    return wsMessages.sum();
  }
}
