package io.vox.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.vox.node.user.HttpLane;
import io.vox.node.user.LaneFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The node's event loops (on the best {@link Transport} available) and, per run, one {@link
 * PooledLane} per loop sharing {@code connections} keep-alive connections to the target.
 */
public final class NettyLanes implements LaneFactory, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NettyLanes.class.getName());
  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelType;
  private final int connections;

  /**
   * @param loops event loops (threads) to create
   * @param threadFactory where the loop threads come from (the container's, on a node)
   * @param connections keep-alive connections per run and node, spread over the loops
   * @param transport the loops' socket transport
   */
  public NettyLanes(int loops, ThreadFactory threadFactory, int connections, Transport transport) {
    this.channelType = transport.socketChannel();
    this.group =
        new MultiThreadIoEventLoopGroup(loops, threadFactory, transport.ioHandlerFactory());
    this.connections = connections;
    for (EventExecutor loop : group) {
      loop.submit(() -> {}).syncUninterruptibly(); // start each thread now, from this thread
    }
    LOG.info(
        () ->
            "event loops="
                + loops
                + " transport="
                + transport
                + " connections per run="
                + connections);
  }

  @Override
  public Lanes open(URI target, int requestTimeoutMs, int runConnections, boolean http2) {
    int connections = runConnections > 0 ? runConnections : this.connections;
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor e : group) {
      loops.add((EventLoop) e);
    }
    int port = target.getPort() > 0 ? target.getPort() : 80;
    String hostHeader = target.getHost() + (target.getPort() > 0 ? ":" + port : "");
    String basePath = target.getRawPath() == null ? "" : target.getRawPath().replaceAll("/$", "");
    List<HttpLane> lanes = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      int max = Math.max(1, connections / loops.size() + (i < connections % loops.size() ? 1 : 0));
      Bootstrap bootstrap =
          new Bootstrap()
              .group(loops.get(i))
              .channel(channelType)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, requestTimeoutMs)
              .remoteAddress(target.getHost(), port);
      lanes.add(
          new PooledLane(
              loops.get(i), bootstrap, hostHeader, basePath, max, requestTimeoutMs, http2));
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

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
