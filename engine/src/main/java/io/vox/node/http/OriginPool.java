package io.vox.node.http;

import io.vox.node.user.HttpLane;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One event loop's connections to one origin. On HTTP/1.1 a connection carries one request at a
 * time and requests wait in FIFO order when all {@code max} are busy; on HTTP/2 each carries as
 * many concurrent streams as the server allows. With {@code "http": "auto"} over TLS the protocol
 * is learnt from the first connection's ALPN: requests wait for it, then the pool keeps that
 * protocol. Runs on its loop only.
 */
final class OriginPool {
  /** Users per HTTP/2 connection opened ahead: servers allow 100 or more concurrent streams. */
  static final int USERS_PER_H2 = 100;

  enum Mode {
    H1,
    H2,
    PROBE
  }

  private final PooledLane lane;
  private final Origin origin;
  private final Dialer dialer;
  private final Tls.Alpn alpn;
  private final Proxy forwarding;
  private final HttpLane.ClientIdentity identity;
  private final int max;
  private final int timeoutMs;
  private final int maxBody;
  private Mode mode;
  private boolean probing;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final List<H2Connection> h2 = new ArrayList<>();
  private int nextH2;
  private int open;
  private boolean closed;

  OriginPool(
      PooledLane lane,
      Origin origin,
      HttpLane.ClientIdentity identity,
      Dialer dialer,
      String version,
      int max,
      int timeoutMs,
      int maxBody) {
    this.lane = lane;
    this.identity = identity;
    this.origin = origin;
    this.dialer = dialer;
    this.max = max;
    this.timeoutMs = timeoutMs;
    this.maxBody = maxBody;
    boolean h2 = version.equals(io.vox.messaging.scenario.HttpOptions.HTTP_2);
    boolean h1 = version.equals(io.vox.messaging.scenario.HttpOptions.HTTP_1_1);
    this.mode = h2 ? Mode.H2 : h1 || !origin.tls() ? Mode.H1 : Mode.PROBE;
    this.alpn = h2 ? Tls.Alpn.H2 : mode == Mode.H1 ? Tls.Alpn.H1 : Tls.Alpn.AUTO;
    this.forwarding = dialer.forwarding(origin, alpn);
  }

  Origin origin() {
    return origin;
  }

  /** The proxy that gets this origin's requests in absolute form, or null. */
  Proxy forwarding() {
    return forwarding;
  }

  void send(Pending p) {
    if (closed) {
      p.fail("run stopped");
      return;
    }
    switch (mode) {
      case H1 -> sendH1(p);
      case H2 -> sendH2(p);
      default -> {
        if (probing) {
          waiting.add(p);
        } else {
          probe(p);
        }
      }
    }
  }

  /** Sends {@code p} again on a new connection: a reused one dropped it before any response. */
  void retry(Pending p) {
    if (closed) {
      p.fail("run stopped");
    } else if (mode == Mode.H1 && open < max) {
      connectH1(p);
    } else {
      send(p);
    }
  }

  private void sendH1(Pending p) {
    Connection c = idle.pollLast();
    if (c != null) {
      c.start(p);
    } else if (open < max) {
      connectH1(p);
    } else {
      waiting.add(p);
    }
  }

  private void connectH1(Pending p) {
    open++;
    dialer.dial(
        origin,
        alpn,
        identity,
        null,
        (ch, protocol, times) -> {
          if (stopped(ch, p)) {
            return; // not timed: the connection was closed unused
          }
          p.dialed = times;
          startH1(ch, p);
        },
        error -> {
          open--;
          p.fail(error);
          nextWaiting();
        });
  }

  /**
   * Opens connections ahead of the requests of {@code users} users: one per user over HTTP/1.1, one
   * per {@link #USERS_PER_H2} over HTTP/2, at most {@code max} in all; over TLS with "auto" the
   * first one learns the protocol. {@code done} runs once, when each has opened or failed, with the
   * first failure (null when none). Such a connection is not timed: no request paid for it.
   */
  void preconnect(int users, Consumer<String> done) {
    if (closed || users <= 0 || probing) {
      done.accept(null);
      return;
    }
    if (mode == Mode.PROBE) {
      probing = true;
      open++;
      dialer.dial(
          origin,
          alpn,
          identity,
          null,
          (ch, protocol, times) -> {
            probing = false;
            if (closed) {
              ch.close();
              open--;
              done.accept(null);
              return;
            }
            if ("h2".equals(protocol)) {
              mode = Mode.H2;
              newH2().attach(ch);
            } else {
              mode = Mode.H1;
              openedAheadH1(ch);
            }
            drain();
            preconnect(users, done); // the others, now that the protocol is known
          },
          error -> {
            probing = false;
            open--;
            drain(); // a request that waited for this connection opens its own
            done.accept(error);
          });
      return;
    }
    int wanted = mode == Mode.H2 ? (users + USERS_PER_H2 - 1) / USERS_PER_H2 : users;
    int more = Math.min(max, wanted) - open;
    if (more <= 0) {
      done.accept(null);
      return;
    }
    int[] left = {more};
    String[] first = {null};
    Consumer<String> settled =
        error -> {
          if (first[0] == null) {
            first[0] = error;
          }
          if (--left[0] == 0) {
            done.accept(first[0]);
          }
        };
    for (int i = 0; i < more; i++) {
      if (mode == Mode.H2) {
        connectH2(null, settled);
      } else {
        connectAheadH1(settled);
      }
    }
  }

  /** Opens an HTTP/1.1 connection ahead of requests; {@code settled} hears how it went. */
  private void connectAheadH1(Consumer<String> settled) {
    open++;
    dialer.dial(
        origin,
        alpn,
        identity,
        null,
        (ch, protocol, times) -> {
          if (closed) {
            ch.close();
            open--;
          } else {
            openedAheadH1(ch);
          }
          settled.accept(null);
        },
        error -> {
          open--;
          settled.accept(error);
          nextWaiting();
        });
  }

  /** A connection opened ahead of requests serves a waiting one, or waits idle. */
  private void openedAheadH1(io.netty.channel.Channel ch) {
    Connection c = new Connection(this, timeoutMs, maxBody);
    c.attach(ch);
    c.openedAhead();
    release(c);
  }

  /** Serves {@code p} on new HTTP/1.1 connection {@code ch}. */
  private void startH1(io.netty.channel.Channel ch, Pending p) {
    Connection c = new Connection(this, timeoutMs, maxBody);
    c.attach(ch);
    c.start(p);
  }

  /** Whether the run stopped while {@code ch} was being opened for {@code p}: then both end. */
  private boolean stopped(io.netty.channel.Channel ch, Pending p) {
    if (!closed) {
      return false;
    }
    ch.close();
    open--;
    p.fail("run stopped");
    return true;
  }

  /** The first connection of an "auto" TLS origin: its ALPN decides the pool's protocol. */
  private void probe(Pending p) {
    probing = true;
    open++;
    dialer.dial(
        origin,
        alpn,
        identity,
        null,
        (ch, protocol, times) -> {
          probing = false;
          if (stopped(ch, p)) {
            return; // not timed: the connection was closed unused
          }
          p.dialed = times;
          if ("h2".equals(protocol)) {
            mode = Mode.H2;
            H2Connection c = newH2();
            c.attach(ch);
            c.start(p);
          } else {
            mode = Mode.H1;
            startH1(ch, p);
          }
          drain();
        },
        error -> {
          probing = false;
          open--;
          p.fail(error);
          for (Pending w; (w = waiting.poll()) != null; ) {
            w.fail(error); // each waited for this connection
          }
        });
  }

  private void drain() {
    List<Pending> all = new ArrayList<>(waiting);
    waiting.clear();
    all.forEach(this::send);
  }

  private void sendH2(Pending p) {
    int n = h2.size();
    for (int i = 0; i < n; i++) { // round robin over the connections with a free stream
      H2Connection c = h2.get((nextH2 + i) % n);
      if (c.free() > 0) {
        nextH2 = (nextH2 + i + 1) % n;
        c.start(p);
        return;
      }
    }
    if (open < max) {
      connectH2(p, null);
    } else {
      waiting.add(p);
    }
  }

  private H2Connection newH2() {
    H2Connection c = new H2Connection(this, timeoutMs, maxBody);
    h2.add(c);
    return c;
  }

  /**
   * Opens an HTTP/2 connection with {@code first} waiting on it for the preface to go out, or, when
   * {@code first} is null, ahead of requests: then {@code settled} hears how it went.
   */
  private void connectH2(Pending first, Consumer<String> settled) {
    open++;
    H2Connection c = newH2();
    if (first != null) {
      c.start(first); // before dialling: a dial may fail at once, and must find it there
    }
    dialer.dial(
        origin,
        alpn,
        identity,
        null,
        (ch, protocol, times) -> {
          String error = null;
          if (closed) {
            ch.close();
            c.connectFailed("run stopped");
            h2Lost(c);
          } else {
            if (first != null) {
              first.dialed = times;
            }
            if (origin.tls() && !"h2".equals(protocol)) {
              error =
                  origin.authority()
                      + " does not speak HTTP/2 over TLS (ALPN: "
                      + (protocol == null ? "none" : protocol)
                      + "); use \"http\": \"auto\" or \"1.1\"";
              c.connectFailed(error);
              ch.close();
              h2Lost(c);
            } else {
              c.attach(ch);
              if (first == null) {
                h2Released(c); // a request that waited for a free stream may take one here
              }
            }
          }
          if (settled != null) {
            settled.accept(error);
          }
        },
        error -> {
          c.connectFailed(error);
          h2Lost(c);
          if (settled != null) {
            settled.accept(error);
          }
        });
  }

  /** An HTTP/2 stream ended: a waiting request may take it. */
  void h2Released(H2Connection c) {
    Pending w;
    while (c.free() > 0 && (w = waiting.poll()) != null) {
      c.start(w);
    }
  }

  /** An HTTP/2 connection ended (or never opened): its slot may serve waiting requests. */
  void h2Lost(H2Connection c) {
    if (h2.remove(c)) {
      open--;
      nextWaiting();
    }
  }

  /** A connection finished a request and may be reused. */
  void release(Connection c) {
    Pending w = waiting.poll();
    if (w != null) {
      c.start(w);
    } else if (closed) {
      c.close();
    } else {
      idle.addLast(c);
    }
  }

  /** A connection was closed (called once per connection): its slot may serve a waiting request. */
  void lost(Connection c) {
    open--;
    idle.remove(c);
    nextWaiting();
  }

  private void nextWaiting() {
    Pending w = waiting.poll();
    if (w != null) {
      send(w);
    }
  }

  void close() {
    closed = true;
    for (Pending w; (w = waiting.poll()) != null; ) {
      w.fail("run stopped");
    }
    for (Connection c; (c = idle.poll()) != null; ) {
      c.close();
    }
    for (H2Connection c : List.copyOf(h2)) {
      c.close();
    }
  }
}
