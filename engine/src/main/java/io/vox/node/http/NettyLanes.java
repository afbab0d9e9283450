package io.vox.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.RoundRobinDnsAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.node.user.HttpLane;
import io.vox.node.user.LaneFactory;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The node's event loops (on the best {@link Transport} available) and, per run, one {@link
 * PooledLane} per loop sharing {@code connections} keep-alive connections per origin. Names are
 * resolved by Netty's asynchronous DNS resolver, so a slow lookup never blocks a loop.
 */
public final class NettyLanes implements LaneFactory, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NettyLanes.class.getName());
  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelType;
  private final RoundRobinDnsAddressResolverGroup resolver;
  private final int connections;
  private final LoopLag lag = new LoopLag();

  /** Every connection the lanes opened and that is still open. */
  private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  /**
   * @param loops event loops (threads) to create
   * @param threadFactory where the loop threads come from (the container's, on a node)
   * @param connections keep-alive connections per run, node and origin, spread over the loops
   * @param transport the loops' socket transport
   */
  public NettyLanes(int loops, ThreadFactory threadFactory, int connections, Transport transport) {
    this.channelType = transport.socketChannel();
    this.group =
        new MultiThreadIoEventLoopGroup(loops, threadFactory, transport.ioHandlerFactory());
    this.connections = connections;
    this.resolver =
        new RoundRobinDnsAddressResolverGroup(
            new DnsNameResolverBuilder()
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel()));
    for (EventExecutor loop : group) {
      loop.submit(() -> {}).syncUninterruptibly(); // start each thread now, from this thread
      lag.watch(loop);
    }
    LOG.info(
        () ->
            "event loops="
                + loops
                + " transport="
                + transport
                + " connections per run="
                + connections
                + " tls="
                + Tls.provider());
  }

  @Override
  public Lanes open(URI target, int requestTimeoutMs, int runConnections, HttpOptions http) {
    int connections = runConnections > 0 ? runConnections : this.connections;
    Tls tls = new Tls(http.tls());
    tls.prepare(http.version());
    Map<String, InetAddress[]> hosts = hosts(http.hosts());
    Proxy proxy = Proxy.of(http.proxy());
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor e : group) {
      loops.add((EventLoop) e);
    }
    List<HttpLane> lanes = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      int max = Math.max(1, connections / loops.size() + (i < connections % loops.size() ? 1 : 0));
      Bootstrap bootstrap =
          new Bootstrap()
              .group(loops.get(i))
              .channel(channelType)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, requestTimeoutMs);
      Dialer dialer = new Dialer(bootstrap, resolver, tls, hosts, proxy, requestTimeoutMs, open);
      lanes.add(
          new PooledLane(
              loops.get(i),
              dialer,
              target,
              http.version(),
              max,
              requestTimeoutMs,
              http.maxBodyBytes(),
              // users with their own certificates never share the run's TLS connections
              http.preconnect()
                  && !(http.tls().perUser() && "https".equalsIgnoreCase(target.getScheme()))));
    }
    return new Lanes() {
      @Override
      public List<HttpLane> lanes() {
        return lanes;
      }

      @Override
      public void close() {
        lanes.forEach(l -> ((PooledLane) l).close());
      }
    };
  }

  /** How late the loops run. */
  public LoopLag lag() {
    return lag;
  }

  /** The plan's host map: lower-case names to addresses (IP literals, comma-separated). */
  static Map<String, InetAddress[]> hosts(Map<String, String> names) {
    Map<String, InetAddress[]> out = new HashMap<>();
    names.forEach(
        (name, addresses) -> {
          String[] parts = addresses.split(",");
          InetAddress[] resolved = new InetAddress[parts.length];
          for (int i = 0; i < parts.length; i++) {
            String a = parts[i].trim();
            resolved[i] = NetUtil.createInetAddressFromIpAddressString(a);
            if (resolved[i] == null) {
              throw new IllegalArgumentException("hosts." + name + ": not an IP address: " + a);
            }
          }
          out.put(name.toLowerCase(Locale.ROOT), resolved);
        });
    return out;
  }

  /**
   * Closes every channel and waits until the loops hold none before shutting them down. On io_uring
   * (Netty 4.2.18) a loop that shuts down with a channel still registered may hang in its last
   * drain, or return and free memory the kernel still writes into (a heap corruption that aborted
   * the JVM): docs/DESIGN-NOTES.md, item 28.
   */
  @Override
  public void close() {
    if (group.isShuttingDown()) {
      return;
    }
    lag.stop();
    resolver.close(); // the DNS resolvers' datagram channels
    open.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (EventExecutor e : group) {
      SingleThreadEventLoop loop = (SingleThreadEventLoop) e;
      while (loop.registeredChannels() > 0 && System.nanoTime() < deadline) {
        loop.submit(() -> {}).awaitUninterruptibly(100, TimeUnit.MILLISECONDS);
      }
      if (loop.registeredChannels() > 0) {
        LOG.warning(() -> "event loop still holds " + loop.registeredChannels() + " channel(s)");
      }
      // a turn of the loop more: the completions of the last cancelled operations come in
      loop.submit(() -> {}).awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    group
        .shutdownGracefully(0, 2000, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
