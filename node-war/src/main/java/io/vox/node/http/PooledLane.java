package io.vox.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.vox.node.user.HttpLane;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One event loop's pool of keep-alive connections to the target. Everything here runs on that loop:
 * requests wait in FIFO order when all {@code max} connections are busy. On HTTP/1.1 a connection
 * carries one request at a time; on HTTP/2 ({@code http2}) each carries as many concurrent streams
 * as the server allows (see {@link H2Connection}).
 */
final class PooledLane implements HttpLane {
  private static final int MAX_BODY = 1 << 20;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final String hostHeader;
  private final String basePath;
  private final int max;
  private final int timeoutMs;
  private final boolean http2;
  private final List<H2Connection> h2 = new ArrayList<>();
  private int nextH2;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final Set<WsConnection> websockets = new HashSet<>();
  private final LoopWheel wheel;
  private int open;
  private boolean closed;

  private record Waiting(HttpCall call, HttpCallback callback) {}

  PooledLane(
      EventLoop loop,
      Bootstrap bootstrap,
      String hostHeader,
      String basePath,
      int max,
      int tmo,
      boolean http2) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.hostHeader = hostHeader;
    this.basePath = basePath;
    this.max = max;
    this.timeoutMs = tmo;
    this.http2 = http2;
    this.wheel = new LoopWheel(loop);
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
  public void send(HttpCall call, HttpCallback callback) {
    if (closed) {
      callback.done(HttpLane.HttpResult.failed(0, 0, "run stopped"));
      return;
    }
    if (http2) {
      sendH2(call, callback);
      return;
    }
    Connection c = idle.pollLast();
    if (c != null) {
      c.start(call, callback);
    } else if (open < max) {
      connect(call, callback);
    } else {
      waiting.add(new Waiting(call, callback));
    }
  }

  private void connect(HttpCall call, HttpCallback callback) {
    open++;
    Connection c = new Connection(this, hostHeader, basePath, timeoutMs);
    ChannelFuture f =
        dial(
            () ->
                new ChannelHandler[] {
                  new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), c
                });
    f.addListener(
        done -> {
          if (done.isSuccess()) {
            c.attach(f.channel());
            c.start(call, callback);
          } else {
            open--;
            callback.done(
                HttpLane.HttpResult.failed(0, 0, "connect failed: " + done.cause().getMessage()));
            nextWaiting();
          }
        });
  }

  private void sendH2(HttpCall call, HttpCallback callback) {
    int n = h2.size();
    for (int i = 0; i < n; i++) { // round robin over the connections with a free stream
      H2Connection c = h2.get((nextH2 + i) % n);
      if (c.free() > 0) {
        nextH2 = (nextH2 + i + 1) % n;
        c.start(call, callback);
        return;
      }
    }
    if (open < max) {
      connectH2().start(call, callback);
    } else {
      waiting.add(new Waiting(call, callback));
    }
  }

  private H2Connection connectH2() {
    open++;
    H2Connection c = new H2Connection(this, hostHeader, basePath, timeoutMs);
    h2.add(c);
    ChannelFuture f =
        dial(
            () ->
                new ChannelHandler[] {
                  Http2FrameCodecBuilder.forClient()
                      .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                      .build(),
                  c
                });
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            c.connectFailed("connect failed: " + done.cause().getMessage());
            h2Lost(c);
          }
        });
    return c;
  }

  /** An HTTP/2 stream ended: a waiting request may take it. */
  void h2Released(H2Connection c) {
    Waiting w;
    while (c.free() > 0 && (w = waiting.poll()) != null) {
      c.start(w.call(), w.callback());
    }
  }

  /** An HTTP/2 connection ended (or never opened): its slot may serve waiting requests. */
  void h2Lost(H2Connection c) {
    if (h2.remove(c)) {
      open--;
      nextWaiting();
    }
  }

  @Override
  public void openWebSocket(String path, String[] headers, WebSocketListener listener) {
    if (closed) {
      listener.closed(null, "run stopped");
      return;
    }
    DefaultHttpHeaders custom = new DefaultHttpHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      custom.add(headers[i], headers[i + 1]);
    }
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(URI.create("ws://" + hostHeader + basePath + path))
            .customHeaders(custom)
            .handshakeTimeoutMillis(timeoutMs)
            .build();
    WsConnection ws = new WsConnection(this, listener);
    websockets.add(ws);
    ChannelFuture f =
        dial(
            () ->
                new ChannelHandler[] {
                  new HttpClientCodec(),
                  new HttpObjectAggregator(MAX_BODY),
                  new WebSocketClientProtocolHandler(config),
                  ws
                });
    ws.attach(f.channel());
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            ws.end("connect failed: " + done.cause().getMessage());
          }
        });
  }

  /** Opens a connection to the target whose pipeline holds {@code handlers} (made for it). */
  private ChannelFuture dial(Supplier<ChannelHandler[]> handlers) {
    return bootstrap
        .clone()
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(handlers.get());
              }
            })
        .connect();
  }

  /** A WebSocket ended; it no longer needs closing with the run. */
  void wsEnded(WsConnection ws) {
    websockets.remove(ws);
  }

  /** A connection finished a request and may be reused. */
  void release(Connection c) {
    Waiting w = waiting.poll();
    if (w != null) {
      c.start(w.call(), w.callback());
    } else if (closed) {
      c.close();
    } else {
      idle.addLast(c);
    }
  }

  /** A connection was closed: its slot may serve a waiting request. */
  void lost(Connection c) {
    open--;
    idle.remove(c);
    nextWaiting();
  }

  private void nextWaiting() {
    Waiting w = waiting.poll();
    if (w != null) {
      send(w.call(), w.callback());
    }
  }

  void close() {
    loop.execute(
        () -> {
          closed = true;
          wheel.clear();
          for (Waiting w; (w = waiting.poll()) != null; ) {
            w.callback().done(HttpLane.HttpResult.failed(0, 0, "run stopped"));
          }
          for (Connection c; (c = idle.poll()) != null; ) {
            c.close();
          }
          for (H2Connection c : List.copyOf(h2)) {
            c.close();
          }
          for (WsConnection ws : List.copyOf(websockets)) {
            ws.close();
          }
        });
  }
}
