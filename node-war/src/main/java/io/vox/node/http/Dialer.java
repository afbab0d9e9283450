package io.vox.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Opens connections of one run from one event loop: resolves the host (the plan's {@code hosts}
 * first, in turn over its addresses; else DNS, again for each new connection), connects, and does
 * the TLS handshake (SNI and name verification from the URL's host) before handing the channel on.
 */
final class Dialer {
  /** Where a new connection's time went, in microseconds. */
  record Times(long dnsUs, long connectUs, long tlsUs) {}

  /** Receives a usable connection: its channel, its ALPN protocol (null without TLS), its times. */
  interface Ready {
    void ready(Channel channel, String protocol, Times times);
  }

  private static final Logger LOG = Logger.getLogger(Dialer.class.getName());
  private final Bootstrap bootstrap;
  private final EventLoop loop;
  private final AddressResolver<InetSocketAddress> resolver;
  private final Tls tls;
  private final Map<String, InetAddress[]> hosts;
  private final int timeoutMs;
  private int turn;

  Dialer(
      Bootstrap bootstrap,
      AddressResolverGroup<InetSocketAddress> resolver,
      Tls tls,
      Map<String, InetAddress[]> hosts,
      int timeoutMs) {
    this.bootstrap = bootstrap;
    this.loop = (EventLoop) bootstrap.config().group().next();
    this.resolver = resolver.getResolver(loop);
    this.tls = tls;
    this.hosts = hosts;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Connects to {@code origin}; {@code ready} gets the connection once it is usable, {@code failed}
   * the reason it is not. {@code handlers}, when given, go on the pipeline before the connection is
   * made (WebSockets need the channel's activation).
   */
  void dial(
      Origin origin,
      Tls.Alpn alpn,
      Supplier<ChannelHandler[]> handlers,
      Ready ready,
      Consumer<String> failed) {
    long start = System.nanoTime();
    Attempt a = new Attempt(ready, failed);
    a.timeout =
        loop.schedule(
            () ->
                a.fail(
                    "connect to "
                        + origin.authority()
                        + " failed: no connection within "
                        + timeoutMs
                        + " ms"),
            timeoutMs,
            TimeUnit.MILLISECONDS);
    InetSocketAddress mapped = mapped(origin);
    if (mapped != null) {
      connect(origin, mapped, alpn, handlers, start, start, a);
      return;
    }
    resolver
        .resolve(InetSocketAddress.createUnresolved(origin.bareHost(), origin.port()))
        .addListener(
            r -> {
              if (r.isSuccess()) {
                InetSocketAddress address = (InetSocketAddress) r.getNow();
                connect(origin, address, alpn, handlers, start, System.nanoTime(), a);
              } else {
                a.fail(
                    "connect to " + origin.authority() + " failed: " + connectFailure(r.cause()));
              }
            });
  }

  /** One dial: ends once, by {@code ready}, a failure, or its timeout (DNS, connect and TLS). */
  private static final class Attempt {
    final Ready ready;
    final Consumer<String> failed;
    ScheduledFuture<?> timeout;
    Channel channel;
    boolean done;

    Attempt(Ready ready, Consumer<String> failed) {
      this.ready = ready;
      this.failed = failed;
    }

    void ok(Channel ch, String protocol, Times times) {
      if (done) {
        ch.close(); // too late: the dial timed out
        return;
      }
      done = true;
      timeout.cancel(false);
      if (ch.pipeline().get(Quiet.class) != null) {
        ch.pipeline().remove(Quiet.class);
      }
      try {
        ready.ready(ch, protocol, times);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "setting up a connection failed", e);
        ch.close();
        failed.accept("connection setup failed: " + describe(e));
      }
    }

    void fail(String why) {
      if (done) {
        return;
      }
      done = true;
      timeout.cancel(false);
      if (channel != null) {
        channel.close();
      }
      failed.accept(why);
    }
  }

  /**
   * Takes a connection's failures until it is handed on: the dial reports them (a failed TLS
   * handshake would otherwise reach the pipeline's end and be logged once per connection).
   */
  @ChannelHandler.Sharable
  private static final class Quiet extends ChannelInboundHandlerAdapter {
    static final Quiet INSTANCE = new Quiet();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private void connect(
      Origin origin,
      InetSocketAddress address,
      Tls.Alpn alpn,
      Supplier<ChannelHandler[]> handlers,
      long start,
      long resolved,
      Attempt a) {
    if (a.done) {
      return;
    }
    SslHandler[] ssl = new SslHandler[1];
    Bootstrap b =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) throws SSLException {
                    if (origin.tls()) {
                      ssl[0] =
                          tls.context(alpn)
                              .newHandler(ch.alloc(), origin.bareHost(), origin.port());
                      ssl[0].setHandshakeTimeoutMillis(timeoutMs);
                      ch.pipeline().addLast(ssl[0]);
                    }
                    if (handlers != null) {
                      ch.pipeline().addLast(handlers.get());
                    } else {
                      ch.pipeline().addLast(Quiet.INSTANCE);
                    }
                  }
                });
    ChannelFuture f = b.connect(address);
    a.channel = f.channel();
    f.addListener(
        done -> {
          long connected = System.nanoTime();
          long dnsUs = (resolved - start) / 1000;
          long connectUs = Math.max(1, (connected - resolved) / 1000);
          if (!done.isSuccess()) {
            a.fail("connect to " + origin.authority() + " failed: " + connectFailure(done.cause()));
          } else if (ssl[0] == null) {
            a.ok(f.channel(), null, new Times(dnsUs, connectUs, 0));
          } else {
            ssl[0]
                .handshakeFuture()
                .addListener(
                    h -> {
                      if (h.isSuccess()) {
                        long tlsUs = (System.nanoTime() - connected) / 1000;
                        a.ok(
                            f.channel(),
                            ssl[0].applicationProtocol(),
                            new Times(dnsUs, connectUs, tlsUs));
                      } else {
                        a.fail(
                            "TLS handshake with "
                                + origin.authority()
                                + " failed: "
                                + handshakeFailure(h.cause(), alpn));
                      }
                    });
          }
        });
  }

  /** The plan's address for {@code origin}, in turn over several; null when it names none. */
  private InetSocketAddress mapped(Origin origin) {
    InetAddress[] mapped = hosts.get(origin.bareHost().toLowerCase(java.util.Locale.ROOT));
    if (mapped == null) {
      return null;
    }
    InetAddress a = mapped[Math.floorMod(turn++, mapped.length)];
    try {
      // keep the name: TLS verifies it, while the connection goes to the mapped address
      return new InetSocketAddress(
          InetAddress.getByAddress(origin.bareHost(), a.getAddress()), origin.port());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: the address has a valid length
    }
  }

  /** Why a handshake failed, in words where OpenSSL gives only a code. */
  private String handshakeFailure(Throwable cause, Tls.Alpn alpn) {
    String why = describe(cause);
    String upper = why.toUpperCase(java.util.Locale.ROOT);
    if (upper.contains("NO_APPLICATION_PROTOCOL")) {
      return "the server speaks none of "
          + String.join(", ", alpn.protocols)
          + " (ALPN)"
          + (alpn == Tls.Alpn.H2
              ? "; it does not speak HTTP/2: use \"http\": \"auto\" or \"1.1\""
              : "");
    }
    if (upper.contains("PROTOCOL_VERSION") || upper.contains("UNSUPPORTED_PROTOCOL")) {
      return "no TLS version in common with the server (offered: " + tls.protocols() + ")";
    }
    return why;
  }

  private String connectFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host (" + root(cause).getMessage() + ")";
      }
      if (t.getMessage() != null && t.getMessage().contains("Connection refused")) {
        return "connection refused";
      }
      if (t instanceof io.netty.channel.ConnectTimeoutException) {
        return "no connection within " + timeoutMs + " ms";
      }
    }
    return describe(cause);
  }

  private static Throwable root(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** A failure as a user reads it: what went wrong, without a stack trace. */
  static String describe(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return "certificate not accepted: " + t.getMessage();
      }
    }
    if (cause instanceof ClosedChannelException) {
      return "connection closed";
    }
    Throwable root = root(cause);
    if (cause instanceof SSLException) {
      String why = root.getMessage() != null ? root.getMessage() : cause.getMessage();
      return why == null ? cause.getClass().getSimpleName() : why;
    }
    String message = cause.getMessage();
    return message == null
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message;
  }
}
