package io.vox.node.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.vox.node.user.HttpLane;
import io.vox.node.user.HttpLane.ClientIdentity;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One event loop's connections of a run: a pool per origin (the target's, and one for each other
 * origin that an absolute URL names), its timers and its WebSockets. Everything here runs on that
 * loop.
 */
final class PooledLane implements HttpLane {
  private static final int MAX_WS_FRAME = 1 << 20;
  private final EventLoop loop;
  private final Dialer dialer;
  private final String version;
  private final int max;
  private final int timeoutMs;
  private final int maxBody;
  private final OriginPool target;
  private final String basePath;
  private final Map<String, OriginPool> byPrefix = new HashMap<>();
  private final Map<String, OriginPool> byOrigin = new HashMap<>();
  private final Map<ClientIdentity, Map<String, OriginPool>> byIdentity = new HashMap<>();
  private final Set<WsConnection> websockets = new HashSet<>();
  private final LoopWheel wheel;
  private final boolean preconnect;
  private boolean closed;

  PooledLane(
      EventLoop loop,
      Dialer dialer,
      URI target,
      String version,
      int max,
      int timeoutMs,
      int maxBody,
      boolean preconnect) {
    this.loop = loop;
    this.preconnect = preconnect;
    this.dialer = dialer;
    this.version = version;
    this.max = max;
    this.timeoutMs = timeoutMs;
    this.maxBody = maxBody;
    this.target = pool(Origin.of(target));
    this.basePath = target.getRawPath() == null ? "" : target.getRawPath().replaceAll("/$", "");
    this.wheel = new LoopWheel(loop);
  }

  private OriginPool pool(Origin origin) {
    return byOrigin.computeIfAbsent(
        origin.key(),
        k -> new OriginPool(this, origin, null, dialer, version, max, timeoutMs, maxBody));
  }

  /** The pool of {@code origin} for a user with its own client certificate: never shared. */
  private OriginPool pool(Origin origin, ClientIdentity identity) {
    return byIdentity
        .computeIfAbsent(identity, i -> new HashMap<>())
        .computeIfAbsent(
            origin.key(),
            k -> new OriginPool(this, origin, identity, dialer, version, max, timeoutMs, maxBody));
  }

  @Override
  public void schedule(long delayMs, Runnable task) {
    if (!closed) {
      wheel.schedule(delayMs, task);
    }
  }

  @Override
  public Executor executor() {
    return loop;
  }

  @Override
  public void preconnect(int users, java.util.function.Consumer<String> done) {
    loop.execute(
        () -> {
          if (preconnect && !closed) {
            target.preconnect(users, done);
          } else {
            done.accept(null);
          }
        });
  }

  @Override
  public void send(HttpCall call, HttpCallback callback) {
    if (closed) {
      callback.done(HttpLane.HttpResult.failed(0, 0, "run stopped"));
      return;
    }
    String url = call.url();
    if (call.identity() != null) {
      sendAs(call, callback);
      return;
    }
    if (url.startsWith("/")) {
      target.send(new Pending(call, basePath + url, callback));
      return;
    }
    if (!Origin.isAbsolute(url)) {
      callback.done(HttpResult.failed(0, 0, "not a path or an http(s) URL: " + url));
      return;
    }
    int at = Origin.pathStart(url);
    String prefix = url.substring(0, at);
    OriginPool pool = byPrefix.get(prefix);
    if (pool == null) {
      try {
        pool = pool(Origin.ofUrl(url));
      } catch (IllegalArgumentException e) {
        callback.done(HttpResult.failed(0, 0, "bad URL " + url + ": " + e.getMessage()));
        return;
      }
      byPrefix.put(prefix, pool);
    }
    pool.send(new Pending(call, pathOf(url, at), callback));
  }

  /** Sends a request of a user with its own client certificate, on that identity's pool. */
  private void sendAs(HttpCall call, HttpCallback callback) {
    String url = call.url();
    Origin origin;
    String path;
    if (url.startsWith("/")) {
      origin = target.origin();
      path = basePath + url;
    } else if (!Origin.isAbsolute(url)) {
      callback.done(HttpResult.failed(0, 0, "not a path or an http(s) URL: " + url));
      return;
    } else {
      try {
        origin = Origin.ofUrl(url);
      } catch (IllegalArgumentException e) {
        callback.done(HttpResult.failed(0, 0, "bad URL " + url + ": " + e.getMessage()));
        return;
      }
      path = pathOf(url, Origin.pathStart(url));
    }
    // a client certificate only matters over TLS: cleartext requests share the run's pools
    OriginPool pool = origin.tls() ? pool(origin, call.identity()) : pool(origin);
    pool.send(new Pending(call, path, callback));
  }

  /** The request target of absolute {@code url}, whose path starts at {@code at}. */
  private static String pathOf(String url, int at) {
    return at == url.length()
        ? "/"
        : url.charAt(at) == '?' ? "/" + url.substring(at) : url.substring(at);
  }

  @Override
  public String absolute(String url) {
    if (!url.startsWith("/")) {
      return url;
    }
    Origin o = target.origin();
    return (o.tls() ? "https://" : "http://") + o.authority() + basePath + url;
  }

  @Override
  public void openWebSocket(String path, String[] headers, WebSocketListener listener) {
    if (closed) {
      listener.closed(null, "run stopped");
      return;
    }
    Origin origin = target.origin();
    DefaultHttpHeaders custom = new DefaultHttpHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      custom.add(headers[i], headers[i + 1]);
    }
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(
                URI.create(
                    (origin.tls() ? "wss://" : "ws://") + origin.authority() + basePath + path))
            .customHeaders(custom)
            .handshakeTimeoutMillis(timeoutMs)
            .build();
    WsConnection ws = new WsConnection(this, listener);
    websockets.add(ws);
    dialer.dial(
        origin,
        Tls.Alpn.H1,
        null,
        () ->
            new ChannelHandler[] {
              new HttpClientCodec(),
              new HttpObjectAggregator(MAX_WS_FRAME),
              new WebSocketClientProtocolHandler(config),
              ws
            },
        (ch, protocol, times) -> ws.attach(ch),
        ws::end);
  }

  /** A WebSocket ended; it no longer needs closing with the run. */
  void wsEnded(WsConnection ws) {
    websockets.remove(ws);
  }

  void close() {
    loop.execute(
        () -> {
          closed = true;
          wheel.clear();
          for (OriginPool p : byOrigin.values()) {
            p.close();
          }
          for (Map<String, OriginPool> pools : byIdentity.values()) {
            pools.values().forEach(OriginPool::close);
          }
          for (WsConnection ws : List.copyOf(websockets)) {
            ws.close();
          }
        });
  }
}
