package io.vox.node.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The socket transport of the node's event loops. {@code auto} takes io_uring where the kernel and
 * its seccomp profile allow it (more requests per CPU-second than epoll: DESIGN-NOTES 28), else
 * native epoll, else NIO.
 */
public enum Transport {
  IO_URING,
  EPOLL,
  NIO;

  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  /**
   * The transport named {@code wanted} ({@code auto}, {@code io_uring}, {@code epoll}, {@code
   * nio}), or the next one available after it.
   */
  public static Transport choose(String wanted) {
    String w = wanted == null ? "auto" : wanted.trim().toLowerCase(Locale.ROOT);
    switch (w) {
      case "auto":
      case "io_uring":
        if (IoUring.isAvailable()) {
          return IO_URING;
        }
        LOG.info(() -> "io_uring unavailable: " + IoUring.unavailabilityCause());
        return Epoll.isAvailable() ? EPOLL : NIO;
      case "epoll":
        return Epoll.isAvailable() ? EPOLL : NIO;
      case "nio":
        return NIO;
      default:
        throw new IllegalArgumentException(
            "vox.node.transport must be auto, io_uring, epoll or nio, not " + wanted);
    }
  }

  public IoHandlerFactory ioHandlerFactory() {
    switch (this) {
      case IO_URING:
        return IoUringIoHandler.newFactory();
      case EPOLL:
        return EpollIoHandler.newFactory();
      default:
        return NioIoHandler.newFactory();
    }
  }

  public Class<? extends SocketChannel> socketChannel() {
    switch (this) {
      case IO_URING:
        return IoUringSocketChannel.class;
      case EPOLL:
        return EpollSocketChannel.class;
      default:
        return NioSocketChannel.class;
    }
  }

  /** The datagram channel of this transport, for DNS queries on the same loops. */
  public Class<? extends DatagramChannel> datagramChannel() {
    switch (this) {
      case IO_URING:
        return IoUringDatagramChannel.class;
      case EPOLL:
        return EpollDatagramChannel.class;
      default:
        return NioDatagramChannel.class;
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
