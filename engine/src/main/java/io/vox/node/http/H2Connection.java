package io.vox.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vox.node.user.HttpLane;
import io.vox.node.user.HttpLane.HttpCall;
import io.vox.node.user.HttpLane.HttpResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection (over TLS by ALPN, or cleartext by prior knowledge) carrying many users'
 * requests at once, each on its own stream. Frames go through one handler on the connection's
 * pipeline: no child channel and pipeline per stream, so a request costs about what it costs on
 * HTTP/1.1. Streams are bounded by the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} (100 until
 * it is known) and by {@link #MAX_STREAMS}. Runs on its lane's event loop only.
 */
final class H2Connection extends Http2ChannelDuplexHandler {
  /** Streams this client opens at most on one connection, whatever the server allows. */
  static final int MAX_STREAMS = 1000;

  private final OriginPool pool;
  private final int timeoutMs;
  private final int maxBody;
  private final Map<Http2FrameStream, Exchange> exchanges = new IdentityHashMap<>();
  private final ArrayDeque<Exchange> connecting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http2FrameCodec codec;
  private int streams = 100;
  private int active;
  private boolean up;
  private boolean draining;
  private boolean ended;
  private boolean settled;

  H2Connection(OriginPool pool, int timeoutMs, int maxBody) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.maxBody = maxBody;
  }

  /**
   * Requests this connection can take now. Netty closes a stream just after its last frame reached
   * us, so its count of active streams may exceed ours for a moment: the larger one counts, and the
   * stream's close ({@link #userEventTriggered}) gives its slot to a waiting request.
   */
  int free() {
    if (draining || ended) {
      return 0;
    }
    int netty = codec == null ? 0 : codec.connection().local().numActiveStreams();
    return streams - Math.max(active, netty);
  }

  int active() {
    return active;
  }

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.codec = ctx.pipeline().get(Http2FrameCodec.class);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof Http2FrameStreamEvent s
        && s.type() == Http2FrameStreamEvent.Type.State
        && s.stream().state() == Http2Stream.State.CLOSED
        && !draining
        && !ended) {
      pool.h2Released(this);
    }
    super.userEventTriggered(ctx, evt);
  }

  /**
   * Puts the HTTP/2 codec and this handler on {@code ch}, which is connected (and TLS done): the
   * preface goes out, then the requests given to this connection meanwhile.
   */
  void attach(Channel ch) {
    ch.pipeline()
        .addLast(
            Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                .build(),
            this);
    up = true;
    for (Exchange e; (e = connecting.poll()) != null; ) {
      write(e);
    }
    ctx.flush();
  }

  /** The connection could not be made: its waiting requests fail with {@code error}. */
  void connectFailed(String error) {
    ended = true;
    for (Exchange e; (e = connecting.poll()) != null; ) {
      active--;
      e.pending.fail(error);
    }
  }

  void start(Pending p) {
    active++;
    Exchange e = new Exchange(p, new BodyCollector(p.call.wantBody(), p.call.trace(), maxBody));
    if (!up) {
      connecting.add(e);
    } else {
      write(e);
      ctx.flush();
    }
  }

  private void write(Exchange e) {
    Http2Headers headers;
    try {
      headers = headers(e);
    } catch (IllegalArgumentException ex) { // a header value a feeder or an extraction gave
      active--;
      e.release();
      e.pending.fail("cannot send the request: " + ex.getMessage());
      return;
    }
    HttpCall call = e.pending.call;
    boolean body = call.body() != null || call.bytes() != null;
    e.stream = newStream();
    send(e, headers, body);
  }

  /** The request's headers, with those Vox adds. */
  private Http2Headers headers(Exchange e) {
    HttpCall call = e.pending.call;
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method(call.method())
            .path(e.pending.path)
            .scheme(pool.origin().tls() ? "https" : "http")
            .authority(pool.origin().authority());
    String[] extra = call.headers();
    boolean contentType = false;
    for (int i = 0; i < extra.length; i += 2) {
      String name = extra[i].toLowerCase(Locale.ROOT);
      switch (name) {
        case "host" -> headers.authority(extra[i + 1]);
        case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {}
        default -> {
          contentType |= name.equals("content-type");
          headers.add(name, extra[i + 1]);
        }
      }
    }
    if ((call.body() != null || call.bytes() != null) && !contentType) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    }
    if (!headers.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
      headers.set(HttpHeaderNames.ACCEPT_ENCODING, BodyCollector.ACCEPT_ENCODING);
    }
    if (call.trace()) {
      List<String> sent = new ArrayList<>();
      headers.forEach(h -> sent.add(h.getKey() + ": " + h.getValue()));
      e.pending.traced(pool.origin(), "HTTP/2", sent);
    }
    return headers;
  }

  private void send(Exchange e, Http2Headers headers, boolean body) {
    HttpCall call = e.pending.call;
    e.pending.started();
    e.timeout = ctx.executor().schedule(() -> timedOut(e), timeoutMs, TimeUnit.MILLISECONDS);
    exchanges.put(e.stream, e);
    ctx.write(new DefaultHttp2HeadersFrame(headers, !body).stream(e.stream))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                finish(e, e.failed("stream refused: " + f.cause().getMessage()));
              }
            });
    if (body) {
      ByteBuf content =
          call.bytes() != null
              ? io.netty.buffer.Unpooled.wrappedBuffer(call.bytes())
              : ByteBufUtil.writeUtf8(ctx.alloc(), call.body());
      // a plain promise: a failed stream's body must not fail the whole connection
      ctx.write(new DefaultHttp2DataFrame(content, true).stream(e.stream), ctx.newPromise());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame h) {
        Exchange e = exchanges.get(h.stream());
        if (e != null) {
          e.pending.firstByte();
          e.headers(h.headers());
          if (h.isEndStream()) {
            complete(e);
          }
        }
      } else if (msg instanceof Http2DataFrame d) {
        ctx.write(
            new DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes()).stream(d.stream()),
            ctx.voidPromise());
        Exchange e = exchanges.get(d.stream());
        if (e != null) {
          e.body.add(ctx.alloc(), d.content());
          if (d.isEndStream()) {
            complete(e);
          }
        }
      } else if (msg instanceof Http2ResetFrame r) {
        Exchange e = exchanges.get(r.stream());
        if (e != null && r.errorCode() == Http2Error.REFUSED_STREAM.code()) {
          again(e, "stream refused by the server"); // not processed: safe to send again
        } else if (e != null) {
          finish(e, e.failed("stream reset by peer: " + Http2Error.valueOf(r.errorCode())));
        }
      } else if (msg instanceof Http2SettingsFrame s) {
        Long max = s.settings().maxConcurrentStreams();
        if (max != null) {
          streams = (int) Math.min(max, MAX_STREAMS);
        } else if (!settled) {
          streams = MAX_STREAMS; // the first SETTINGS without a limit: none
        }
        settled = true;
      } else if (msg instanceof Http2GoAwayFrame g) {
        draining = true; // no new streams; those above the last id will not be answered
        for (Exchange e : List.copyOf(exchanges.values())) {
          if (e.stream.id() > g.lastStreamId()) {
            again(e, "connection going away"); // the server says it did not process it
          }
        }
        if (active == 0) {
          ctx.close();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  private void complete(Exchange e) {
    long latencyUs = e.pending.latencyUs();
    int status = e.status();
    String body = null;
    String error = null;
    try {
      body = e.body.text(e.headers == null ? null : e.headers.get("content-encoding"));
    } catch (BodyCollector.BodyException ex) {
      error = ex.getMessage();
    }
    finish(
        e,
        new HttpResult(
            status,
            body,
            e.headers,
            e.pending.startUs,
            latencyUs,
            error,
            e.pending.timings(e.body.bytes()),
            e.pending.trace));
  }

  /**
   * Sends {@code e} again on another connection, once: the server did not process it (a stream
   * above a GOAWAY's last id, or refused).
   */
  private void again(Exchange e, String reason) {
    if (e.pending.retried) {
      finish(e, e.failed(reason));
      return;
    }
    if (exchanges.remove(e.stream) == null) {
      return;
    }
    active--;
    e.release();
    e.pending.retried = true;
    pool.send(e.pending);
  }

  private void timedOut(Exchange e) {
    if (exchanges.containsKey(e.stream)) {
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(e.stream));
      finish(e, e.failed("timeout after " + timeoutMs + " ms"));
    }
  }

  private void finish(Exchange e, HttpResult result) {
    if (exchanges.remove(e.stream) == null) {
      return;
    }
    active--;
    e.release();
    e.pending.callback.done(result);
    if (draining && active == 0) {
      ctx.close();
    } else if (!draining && !ended) {
      pool.h2Released(this);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ended = true;
    for (Exchange e : new ArrayList<>(exchanges.values())) {
      finish(e, e.failed("connection closed by peer"));
    }
    pool.h2Lost(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException se) { // one stream's error, not the connection's
      Exchange e = exchanges.get(se.stream());
      if (e != null) {
        finish(e, e.failed(Dialer.describe(se.getCause() != null ? se.getCause() : se)));
      }
      return;
    }
    ended = true;
    for (Exchange e : new ArrayList<>(exchanges.values())) {
      finish(e, e.failed(Dialer.describe(cause)));
    }
    ctx.close();
  }

  void close() {
    draining = true;
    if (ctx != null && active == 0) {
      ctx.close();
    }
  }

  Channel channel() {
    return ctx == null ? null : ctx.channel();
  }

  /** One request on its stream, from the HEADERS written to the response's last frame. */
  private static final class Exchange {
    final Pending pending;
    final BodyCollector body;
    Http2FrameStream stream;
    ScheduledFuture<?> timeout;
    H2Headers headers;

    Exchange(Pending pending, BodyCollector body) {
      this.pending = pending;
      this.body = body;
    }

    void headers(Http2Headers h) {
      CharSequence status = h.status();
      if (status != null && status.length() == 3 && status.charAt(0) == '1') {
        return; // informational (100 Continue): the response follows
      }
      if (headers == null) {
        headers = new H2Headers(h);
      } // else trailers: the response's headers stay those of its first HEADERS frame
    }

    int status() {
      CharSequence s = headers == null ? null : headers.headers().status();
      try {
        return s == null ? 0 : Integer.parseInt(s.toString());
      } catch (NumberFormatException ex) {
        return 0;
      }
    }

    HttpResult failed(String error) {
      return new HttpResult(
          0,
          null,
          null,
          pending.startUs,
          pending.latencyUs(),
          error,
          pending.timings(body.bytes()),
          pending.trace);
    }

    void release() {
      if (timeout != null) {
        timeout.cancel(false);
      }
      body.release();
    }
  }

  /** A response's HTTP/2 headers seen through {@link HttpLane.Headers} (names are lower case). */
  private record H2Headers(Http2Headers headers) implements HttpLane.Headers {
    @Override
    public String get(String name) {
      CharSequence v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.toString();
    }

    @Override
    public List<String> getAll(String name) {
      List<CharSequence> all = headers.getAll(name.toLowerCase(Locale.ROOT));
      if (all.isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>(all.size());
      all.forEach(v -> out.add(v.toString()));
      return out;
    }

    @Override
    public List<String> lines() {
      List<String> out = new ArrayList<>(headers.size());
      headers.forEach(e -> out.add(e.getKey() + ": " + e.getValue()));
      return out;
    }
  }
}
