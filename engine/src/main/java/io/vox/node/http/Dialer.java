package io.vox.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.vox.node.user.HttpLane;
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
 * With a proxy, it connects to the proxy instead: through a CONNECT tunnel to the origin (named as
 * the URL names it, or by the address {@code hosts} maps it to, for the proxy to resolve), or, for
 * cleartext HTTP/1.1, to the proxy itself, which then gets each request in absolute form.
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
  private final Proxy proxy;
  private final int timeoutMs;
  private final ChannelGroup open;
  private int turn;

  Dialer(
      Bootstrap bootstrap,
      AddressResolverGroup<InetSocketAddress> resolver,
      Tls tls,
      Map<String, InetAddress[]> hosts,
      Proxy proxy,
      int timeoutMs,
      ChannelGroup open) {
    this.bootstrap = bootstrap;
    this.loop = (EventLoop) bootstrap.config().group().next();
    this.resolver = resolver.getResolver(loop);
    this.tls = tls;
    this.hosts = hosts;
    this.proxy = proxy;
    this.timeoutMs = timeoutMs;
    this.open = open;
  }

  /**
   * The proxy that gets requests to {@code origin} in absolute form (cleartext HTTP/1.1 through a
   * proxy), or null when requests go as to the origin itself (no proxy, or a tunnel).
   */
  Proxy forwarding(Origin origin, Tls.Alpn alpn) {
    // a name the plan maps goes through a tunnel to its address: in absolute form the proxy
    // would resolve the name itself
    boolean mapped = hosts.containsKey(origin.bareHost().toLowerCase(java.util.Locale.ROOT));
    return proxy != null && !origin.tls() && alpn != Tls.Alpn.H2 && !mapped ? proxy : null;
  }

  /**
   * Connects to {@code origin}, over TLS with {@code identity}'s client certificate if given (else
   * the run's); {@code ready} gets the connection once it is usable, {@code failed} the reason it
   * is not. {@code handlers}, when given, go on the pipeline before the connection is made
   * (WebSockets need the channel's activation).
   */
  void dial(
      Origin origin,
      Tls.Alpn alpn,
      HttpLane.ClientIdentity identity,
      Supplier<ChannelHandler[]> handlers,
      Ready ready,
      Consumer<String> failed) {
    long start = System.nanoTime();
    io.netty.handler.ssl.SslContext context = null;
    if (origin.tls()) {
      try {
        context = tls.context(alpn, identity);
      } catch (SSLException | RuntimeException e) {
        failed.accept("TLS client certificate of this user not usable: " + describe(e));
        return;
      }
    }
    Attempt a = new Attempt(ready, failed, context);
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
    InetSocketAddress tunnel = null;
    String host = origin.bareHost();
    int port = origin.port();
    String where = origin.authority();
    if (proxy != null) {
      if (handlers != null || forwarding(origin, alpn) == null) {
        InetSocketAddress mapped = mapped(host, port);
        tunnel =
            InetSocketAddress.createUnresolved(
                mapped == null ? host : mapped.getAddress().getHostAddress(), port);
      }
      host = proxy.host();
      port = proxy.port();
      where = "proxy " + proxy.authority();
    }
    InetSocketAddress mapped = mapped(host, port);
    if (mapped == null) {
      // an address needs no lookup (the resolver's first call took ms, reported as DNS time)
      byte[] ip = io.netty.util.NetUtil.createByteArrayFromIpAddressString(host);
      if (ip != null) {
        try {
          mapped = new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e); // cannot happen: the address has a valid length
        }
      }
    }
    if (mapped != null) {
      connect(origin, mapped, tunnel, alpn, handlers, start, start, a);
      return;
    }
    InetSocketAddress via = tunnel;
    String failedTo = "connect to " + where + " failed: ";
    resolver
        .resolve(InetSocketAddress.createUnresolved(host, port))
        .addListener(
            r -> {
              if (r.isSuccess()) {
                InetSocketAddress address = (InetSocketAddress) r.getNow();
                connect(origin, address, via, alpn, handlers, start, System.nanoTime(), a);
              } else {
                a.fail(failedTo + connectFailure(r.cause()));
              }
            });
  }

  /** One dial: ends once, by {@code ready}, a failure, or its timeout (DNS, connect and TLS). */
  private static final class Attempt {
    final Ready ready;
    final Consumer<String> failed;
    final io.netty.handler.ssl.SslContext context; // null without TLS
    ScheduledFuture<?> timeout;
    Channel channel;
    boolean done;

    Attempt(Ready ready, Consumer<String> failed, io.netty.handler.ssl.SslContext context) {
      this.ready = ready;
      this.failed = failed;
      this.context = context;
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

  /**
   * Connects to {@code address}: the origin's, or the proxy's, which opens a tunnel to {@code
   * tunnel} when it is given.
   */
  private void connect(
      Origin origin,
      InetSocketAddress address,
      InetSocketAddress tunnel,
      Tls.Alpn alpn,
      Supplier<ChannelHandler[]> handlers,
      long start,
      long resolved,
      Attempt a) {
    if (a.done) {
      return;
    }
    SslHandler[] ssl = new SslHandler[1];
    ProxyHandler[] proxied = new ProxyHandler[1];
    Bootstrap b =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) throws SSLException {
                    if (tunnel != null) {
                      proxied[0] =
                          proxy.user() == null
                              ? new HttpProxyHandler(address)
                              : new HttpProxyHandler(address, proxy.user(), proxy.password());
                      proxied[0].setConnectTimeoutMillis(timeoutMs);
                      ch.pipeline().addLast(proxied[0]);
                    }
                    if (origin.tls()) {
                      ssl[0] = a.context.newHandler(ch.alloc(), origin.bareHost(), origin.port());
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
    // the proxy resolves the tunnel's end: no lookup here
    ChannelFuture f =
        tunnel == null
            ? b.connect(address)
            : b.resolver(NoopAddressResolverGroup.INSTANCE).connect(tunnel);
    a.channel = f.channel();
    open.add(a.channel); // left until it closes: the loops' shutdown closes what is still open
    String where = proxy == null ? origin.authority() : "proxy " + proxy.authority();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            a.fail("connect to " + where + " failed: " + connectFailure(done.cause()));
          } else if (proxied[0] == null) {
            established(origin, f.channel(), ssl[0], alpn, start, resolved, a);
          } else {
            proxied[0]
                .connectFuture()
                .addListener(
                    t -> {
                      if (t.isSuccess()) {
                        established(origin, f.channel(), ssl[0], alpn, start, resolved, a);
                      } else {
                        a.fail(
                            "proxy "
                                + proxy.authority()
                                + " did not open a tunnel to "
                                + origin.authority()
                                + ": "
                                + tunnelFailure(t.cause()));
                      }
                    });
          }
        });
  }

  /** Connected (through the tunnel, if any): the TLS handshake next, if the origin has TLS. */
  private void established(
      Origin origin,
      Channel channel,
      SslHandler ssl,
      Tls.Alpn alpn,
      long start,
      long resolved,
      Attempt a) {
    long connected = System.nanoTime();
    long dnsUs = (resolved - start) / 1000;
    long connectUs = Math.max(1, (connected - resolved) / 1000);
    if (ssl == null) {
      a.ok(channel, null, new Times(dnsUs, connectUs, 0));
    } else {
      ssl.handshakeFuture()
          .addListener(
              h -> {
                if (h.isSuccess()) {
                  long tlsUs = (System.nanoTime() - connected) / 1000;
                  a.ok(channel, ssl.applicationProtocol(), new Times(dnsUs, connectUs, tlsUs));
                } else {
                  a.fail(
                      "TLS handshake with "
                          + origin.authority()
                          + " failed: "
                          + handshakeFailure(h.cause(), alpn));
                }
              });
    }
  }

  /** Why a proxy refused a tunnel: its status line when it answered, else the failure. */
  private String tunnelFailure(Throwable cause) {
    String why = cause.getMessage() == null ? "" : cause.getMessage();
    int status = why.indexOf("status: ");
    if (status >= 0) {
      return "it answered " + why.substring(status + 8);
    }
    if (cause instanceof io.netty.handler.proxy.ProxyConnectException && why.contains("timeout")) {
      return "no answer within " + timeoutMs + " ms";
    }
    return connectFailure(cause);
  }

  /** The plan's address for {@code host}, in turn over several; null when it names none. */
  private InetSocketAddress mapped(String host, int port) {
    InetAddress[] mapped = hosts.get(host.toLowerCase(java.util.Locale.ROOT));
    if (mapped == null) {
      return null;
    }
    InetAddress a = mapped[Math.floorMod(turn++, mapped.length)];
    try {
      // keep the name: TLS verifies it, while the connection goes to the mapped address
      return new InetSocketAddress(InetAddress.getByAddress(host, a.getAddress()), port);
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
