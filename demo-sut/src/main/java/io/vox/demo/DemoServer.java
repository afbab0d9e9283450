package io.vox.demo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The demo "Vox" API on 127.0.0.1: {@code POST /api/login} ({"user":"..."} → {"token":"..."}),
 * {@code POST /api/messages} and {@code GET /api/feed} (both need {@code Authorization: Bearer
 * <token>}), {@code GET /api/items/{id}} (token), {@code GET /api/me} (the session cookie set by
 * login), a WebSocket at {@code /ws} that echoes each text message as {@code {"echo":..,"n":..}},
 * {@code GET /api/ping}, {@code GET /api/stats} and {@code GET /api/stall?ms=N} (the first call
 * stops the answers to all calls for N ms). HTTP/1.1 and HTTP/2 with prior knowledge (h2c) on the
 * same port; with {@link #withTls} also HTTPS, HTTP/2 by ALPN. One event loop, so it stays on one
 * core; an optional latency and error rate make it a more interesting target.
 */
public final class DemoServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DemoServer.class.getName());
  private final EventLoopGroup group;
  private final boolean epoll = Epoll.isAvailable();
  private final Channel server;
  private Channel tls;
  private final DemoStats stats = new DemoStats();

  private DemoServer(String host, int port, int latencyMs, double errorRate)
      throws InterruptedException {
    group =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("vox-demo-sut", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    server = bind(host, port, null, latencyMs, errorRate);
  }

  /**
   * Also serves the API over TLS on {@code port} (0: a free one) with {@code certs}' leaf (for
   * shop.test, localhost and 127.0.0.1), HTTP/2 or HTTP/1.1 as the client's ALPN asks.
   */
  public DemoServer withTls(Certificates certs, int port, int latencyMs, double errorRate)
      throws InterruptedException, javax.net.ssl.SSLException {
    SslContext context =
        SslContextBuilder.forServer(certs.leaf().toFile(), certs.leafKey().toFile())
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2,
                    ApplicationProtocolNames.HTTP_1_1))
            .build();
    InetSocketAddress at = (InetSocketAddress) server.localAddress();
    tls = bind(at.getAddress().getHostAddress(), port, context, latencyMs, errorRate);
    LOG.info(() -> "demo API on https://" + at.getAddress().getHostAddress() + ":" + tlsPort());
    return this;
  }

  /**
   * Serves the API on {@code host:port}, over TLS when {@code tls} is given: after the handshake an
   * h2 client opens with the preface as over h2c, so one detector serves both.
   */
  private Channel bind(String host, int port, SslContext tls, int latencyMs, double errorRate)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                if (tls != null) {
                  stats.tlsConnections.increment();
                  ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                }
                ch.pipeline()
                    .addLast(
                        new ProtocolDetector(
                            () -> http1(ch, latencyMs, errorRate), stats, latencyMs, errorRate));
              }
            })
        .bind(host, port)
        .sync()
        .channel();
  }

  /** The TLS port, or 0 without {@link #withTls}. */
  public int tlsPort() {
    return tls == null ? 0 : ((InetSocketAddress) tls.localAddress()).getPort();
  }

  private void http1(Channel ch, int latencyMs, double errorRate) {
    ch.pipeline()
        .addLast(
            new HttpServerCodec(),
            new HttpObjectAggregator(64 * 1024),
            new WebSocketServerProtocolHandler(
                WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/ws")
                    .checkStartsWith(true)
                    .build()),
            new WsEchoHandler(stats),
            new VoxApiHandler(stats, latencyMs, errorRate));
  }

  /** Starts the API; {@code port} 0 picks a free port. */
  public static DemoServer start(String host, int port, int latencyMs, double errorRate)
      throws InterruptedException {
    DemoServer s = new DemoServer(host, port, latencyMs, errorRate);
    LOG.info(() -> "demo API on http://" + host + ":" + s.port());
    return s;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public DemoStats stats() {
    return stats;
  }

  @Override
  public void close() {
    if (tls != null) {
      tls.close().syncUninterruptibly();
    }
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * Runs the API until killed: {@code java [-Dvox.demo.host=0.0.0.0] -cp ... io.vox.demo.DemoServer
   * [port] [latencyMs] [errorRate]}.
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18300;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    double errors = args.length > 2 ? Double.parseDouble(args[2]) : 0;
    // loopback unless told otherwise (a container serves on all its interfaces)
    DemoServer s = start(System.getProperty("vox.demo.host", "127.0.0.1"), port, latency, errors);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    s.server.closeFuture().sync();
  }
}
