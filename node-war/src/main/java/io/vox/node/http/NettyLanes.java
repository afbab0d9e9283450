package io.vox.node.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
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
 * The node's event loops (native epoll when available, else NIO) and, per run, one {@link
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
   */
  public NettyLanes(int loops, ThreadFactory threadFactory, int connections) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    this.group = new MultiThreadIoEventLoopGroup(loops, threadFactory, io);
    this.connections = connections;
    for (EventExecutor loop : group) {
      loop.submit(() -> {}).syncUninterruptibly(); // start each thread now, from this thread
    }
    LOG.info(
        () ->
            "event loops="
                + loops
                + " transport="
                + (epoll ? "epoll" : "nio")
                + " connections per run="
                + connections);
  }

  @Override
  public Lanes open(URI target, int requestTimeoutMs, int runConnections) {
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
          new PooledLane(loops.get(i), bootstrap, hostHeader, basePath, max, requestTimeoutMs));
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
