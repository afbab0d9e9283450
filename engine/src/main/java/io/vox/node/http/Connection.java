package io.vox.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vox.node.user.HttpLane.HttpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 keep-alive connection: one request at a time, timed from write to the end of the
 * reply. The body streams through a {@link BodyCollector}: counted, and kept only when needed. A
 * request that a reused connection drops before any byte of response is sent once more on a new
 * connection when its method is idempotent, as browsers do (the server may have closed the idle
 * connection just as it was picked).
 */
final class Connection extends ChannelInboundHandlerAdapter {
  private final OriginPool pool;
  private final int timeoutMs;
  private final int maxBody;
  private Channel channel;
  private Pending pending;
  private HttpResponse response;
  private BodyCollector body;
  private boolean interim;
  private int served;
  private boolean openedAhead;
  private boolean lost;
  private String failure;
  private boolean badResponse;
  private ScheduledFuture<?> timeout;

  Connection(OriginPool pool, int timeoutMs, int maxBody) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.maxBody = maxBody;
  }

  /** Puts the codec and this handler on {@code ch}, which is connected (and TLS done). */
  void attach(Channel ch) {
    this.channel = ch;
    // headers up to 64 KiB (large cookies and policies are common), as browsers take them
    ch.pipeline().addLast(new HttpClientCodec(4096, 65536, 8192), this);
  }

  /** This connection was opened before a request needed it: its first request reuses it. */
  void openedAhead() {
    openedAhead = true;
  }

  void start(Pending p) {
    if (channel == null || !channel.isActive()) {
      lostOnce(); // closed while idle: nothing was sent, so another connection takes it
      pool.send(p);
      return;
    }
    FullHttpRequest request;
    try {
      request = request(p);
    } catch (IllegalArgumentException e) { // a header value a feeder or an extraction gave
      p.fail("cannot send the request: " + e.getMessage());
      pool.release(this);
      return;
    }
    pending = p;
    response = null;
    body =
        body == null
            ? new BodyCollector(p.call.wantBody(), p.call.trace(), maxBody)
            : body.reset(p.call.wantBody(), p.call.trace());
    p.started();
    timeout = channel.eventLoop().schedule(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
    channel.writeAndFlush(request, channel.voidPromise());
  }

  /** The request of {@code p}, with the headers Vox adds; its content released on failure. */
  private FullHttpRequest request(Pending p) {
    String text = p.call.body();
    ByteBuf content =
        p.call.bytes() != null
            ? Unpooled.wrappedBuffer(p.call.bytes())
            : text == null ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(channel.alloc(), text);
    Proxy proxy = pool.forwarding();
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(p.call.method()),
            proxy == null ? p.path : pool.origin().url(p.path),
            content);
    try {
      HttpHeaders headers = request.headers();
      headers.set(HttpHeaderNames.HOST, pool.origin().authority());
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
      String[] extra = p.call.headers();
      for (int i = 0; i < extra.length; i += 2) {
        headers.add(extra[i], extra[i + 1]);
      }
      if (text != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      }
      if (!headers.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
        headers.set(HttpHeaderNames.ACCEPT_ENCODING, BodyCollector.ACCEPT_ENCODING);
      }
      if (p.call.trace()) {
        List<String> sent = new ArrayList<>();
        headers.forEach(e -> sent.add(e.getKey() + ": " + e.getValue()));
        p.traced(pool.origin(), "HTTP/1.1", sent);
      }
      if (proxy != null && proxy.authorization() != null) {
        // after the trace: a trace is shown to plan authors, the proxy's password is not theirs
        headers.set(HttpHeaderNames.PROXY_AUTHORIZATION, proxy.authorization());
      }
      return request;
    } catch (IllegalArgumentException e) {
      request.release();
      throw e;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (pending == null) {
        return; // a late reply after a timeout: the channel is being closed
      }
      if (msg instanceof io.netty.handler.codec.DecoderResultProvider d
          && d.decoderResult().isFailure()) {
        badResponse = true;
        failure = "bad response: " + Dialer.describe(d.decoderResult().cause());
        ctx.close(); // the decoder cannot go on: channelInactive fails the request
        return;
      }
      if (msg instanceof HttpResponse r) {
        int code = r.status().code();
        interim = code >= 100 && code < 200 && code != 101; // 100 Continue: the response follows
        if (!interim) {
          response = r;
          pending.firstByte();
        }
      }
      if (msg instanceof HttpContent c && !interim) {
        body.add(ctx.alloc(), c.content());
      }
      if (msg instanceof LastHttpContent) {
        if (interim) {
          interim = false;
        } else {
          complete(ctx);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void complete(ChannelHandlerContext ctx) {
    Pending p = pending;
    pending = null;
    timeout.cancel(false);
    long latencyUs = p.latencyUs();
    HttpResponse r = response;
    HttpResult result;
    try {
      String text = body.text(r.headers().get(HttpHeaderNames.CONTENT_ENCODING));
      result =
          new HttpResult(
              r.status().code(),
              text,
              new NettyHeaders(r.headers()),
              p.startUs,
              latencyUs,
              null,
              p.timings(body.bytes()),
              p.trace);
    } catch (BodyCollector.BodyException e) {
      result =
          new HttpResult(
              r.status().code(),
              null,
              new NettyHeaders(r.headers()),
              p.startUs,
              latencyUs,
              e.getMessage(),
              p.timings(body.bytes()),
              p.trace);
    } finally {
      body.release();
    }
    served++;
    boolean keepAlive = HttpUtil.isKeepAlive(r);
    p.callback.done(result);
    if (keepAlive) {
      pool.release(this);
    } else {
      ctx.close();
    }
  }

  private void timedOut() {
    Pending p = pending;
    if (p != null) {
      pending = null;
      body.release();
      p.fail("timeout after " + timeoutMs + " ms");
      channel.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Pending p = pending;
    pending = null;
    lostOnce();
    if (p == null) {
      return;
    }
    if (timeout != null) {
      timeout.cancel(false);
    }
    body.release();
    if (response == null
        && !badResponse
        && (served > 0 || openedAhead)
        && !p.retried
        && p.idempotent()) {
      p.retried = true;
      pool.retry(p);
    } else {
      p.fail(failure != null ? failure : "connection closed by peer");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (failure == null) {
      failure = Dialer.describe(cause);
    }
    ctx.close(); // channelInactive fails or retries the request
  }

  private void lostOnce() {
    if (!lost) {
      lost = true;
      pool.lost(this);
    }
  }

  void close() {
    if (channel != null) {
      channel.close();
    }
  }
}
