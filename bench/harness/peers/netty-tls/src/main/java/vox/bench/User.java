package vox.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * One user of {@link TlsReference}: one connection at a time, one request at a time on it, the next
 * as soon as the response is in. Its first request goes out when the TLS handshake is done (on
 * connect for plain HTTP). A
 * connection that ends (the server's {@code Connection: close}, a failure, a timeout) is replaced
 * by a new one; a request without its response counts as an error. Once the run is stopped it
 * finishes the iteration it is in and starts no other. Runs on the one event loop.
 */
@ChannelHandler.Sharable // on each of this user's connections in turn, one at a time
final class User extends ChannelInboundHandlerAdapter {
  private final TlsReference.Load load;
  private Channel channel; // the current connection, or null
  private boolean awaiting; // a response is due on it (connecting, handshaking or requested)
  private long phaseStartNs; // when the current connect or request began, for the timeout
  private long sentNs;

  User(TlsReference.Load load) {
    this.load = load;
  }

  void connect() {
    if (load.stopped) {
      return;
    }
    awaiting = true;
    phaseStartNs = System.nanoTime();
    String host = load.url.getHost();
    int port = load.address.getPort();
    ChannelFuture f =
        load.bootstrap
            .clone()
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (load.ssl != null) {
                      ch.pipeline().addLast(load.ssl.newHandler(ch.alloc(), host, port)); // SNI
                    }
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(1 << 16),
                            User.this);
                  }
                })
            .connect(load.address);
    channel = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess() && f.channel() == channel) { // never active: no channelInactive
            channel = null;
            if (awaiting) {
              load.errors++;
            }
            awaiting = false;
            f.channel().eventLoop().schedule(this::connect, 100, TimeUnit.MILLISECONDS);
          }
        });
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (load.ssl == null && ctx.channel() == channel) { // plain HTTP: no handshake to wait for
      send(ctx);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
      load.handshakes++;
      send(ctx);
    } // a failed handshake closes the channel: channelInactive counts it
    ctx.fireUserEventTriggered(evt);
  }

  private void send(ChannelHandlerContext ctx) {
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, load.url.getRawPath(), Unpooled.EMPTY_BUFFER);
    request.headers().set(HttpHeaderNames.HOST, load.hostHeader);
    awaiting = true;
    sentNs = System.nanoTime();
    phaseStartNs = sentNs;
    ctx.writeAndFlush(request, ctx.voidPromise());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!(msg instanceof FullHttpResponse r) || ctx.channel() != channel || !awaiting) {
        return;
      }
      awaiting = false;
      load.record((System.nanoTime() - sentNs) / 1000);
      if (r.status().code() >= 400) {
        load.errors++;
      }
      if (!load.stopped && HttpUtil.isKeepAlive(r)) {
        send(ctx);
      } else {
        ctx.close(); // channelInactive opens the next connection, unless stopped
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() != channel) {
      return;
    }
    channel = null;
    if (awaiting) {
      load.errors++;
      awaiting = false;
    }
    connect(); // unless stopped
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // channelInactive counts the error and reconnects
  }

  /** Ends a connect, handshake or request that has taken longer than the timeout. */
  void checkTimeout() {
    if (channel != null
        && awaiting
        && System.nanoTime() - phaseStartNs > TimeUnit.MILLISECONDS.toNanos(load.timeoutMs)) {
      load.errors++;
      awaiting = false;
      channel.close();
    }
  }

  /** True when this user has no connection (stopped, it opens none). */
  boolean idle() {
    return channel == null;
  }

  /** Ends the run for this user: a request still due then is not counted, nor an error. */
  void close() {
    awaiting = false;
    if (channel != null) {
      channel.close();
    }
  }
}
