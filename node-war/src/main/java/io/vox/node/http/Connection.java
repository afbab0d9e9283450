package io.vox.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.vox.node.user.HttpLane.HttpCall;
import io.vox.node.user.HttpLane.HttpCallback;
import io.vox.node.user.HttpLane.HttpResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** One keep-alive connection: one request at a time, timed from write to the end of the reply. */
final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
  private final PooledLane lane;
  private final String hostHeader;
  private final String basePath;
  private final int timeoutMs;
  private Channel channel;
  private HttpCallback callback;
  private boolean wantBody;
  private long startNanos;
  private long startUs;
  private ScheduledFuture<?> timeout;

  Connection(PooledLane lane, String hostHeader, String basePath, int timeoutMs) {
    this.lane = lane;
    this.hostHeader = hostHeader;
    this.basePath = basePath;
    this.timeoutMs = timeoutMs;
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  void start(HttpCall call, HttpCallback cb) {
    if (channel == null || !channel.isActive()) {
      cb.done(HttpResult.failed(0, 0, "connection closed"));
      lane.lost(this);
      return;
    }
    callback = cb;
    wantBody = call.wantBody();
    ByteBuf content =
        call.body() == null
            ? Unpooled.EMPTY_BUFFER
            : ByteBufUtil.writeUtf8(channel.alloc(), call.body());
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(call.method()),
            basePath + call.path(),
            content);
    HttpHeaders headers = request.headers();
    headers.set(HttpHeaderNames.HOST, hostHeader);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    String[] extra = call.headers();
    for (int i = 0; i < extra.length; i += 2) {
      headers.add(extra[i], extra[i + 1]);
    }
    if (call.body() != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    }
    Instant now = Instant.now();
    startUs = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    startNanos = System.nanoTime();
    timeout = channel.eventLoop().schedule(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
    channel.writeAndFlush(request, channel.voidPromise());
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    long latencyUs = (System.nanoTime() - startNanos) / 1000;
    HttpCallback cb = callback;
    if (cb == null) {
      return; // a late reply after a timeout: the channel is being closed
    }
    callback = null;
    timeout.cancel(false);
    String body = wantBody ? response.content().toString(StandardCharsets.UTF_8) : null;
    boolean keepAlive = HttpUtil.isKeepAlive(response);
    cb.done(
        new HttpResult(
            response.status().code(),
            body,
            new NettyHeaders(response.headers()),
            startUs,
            latencyUs,
            null));
    if (keepAlive) {
      lane.release(this);
    } else {
      ctx.close();
    }
  }

  private void timedOut() {
    fail("timeout after " + timeoutMs + " ms");
    channel.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail("connection closed by peer");
    lane.lost(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    ctx.close();
  }

  private void fail(String error) {
    HttpCallback cb = callback;
    if (cb != null) {
      callback = null;
      if (timeout != null) {
        timeout.cancel(false);
      }
      cb.done(HttpResult.failed(startUs, (System.nanoTime() - startNanos) / 1000, error));
    }
  }

  void close() {
    if (channel != null) {
      channel.close();
    }
  }
}
