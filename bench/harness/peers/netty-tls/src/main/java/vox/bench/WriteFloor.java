package vox.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a bulk action (issue 22): how soon plain Netty on one event loop (one core) can
 * put {@code requests} HTTP/2 GETs on the wire over {@code connections} h2c connections (prior
 * knowledge) to the same nginx, all asked for at one instant, as a Vox node's users are. Each
 * connection keeps to the server's MAX_CONCURRENT_STREAMS (a stream over it waits in Netty's
 * StreamBufferingEncoder until one ends), as Vox's h2 lanes do. Each connection is flushed after
 * every {@code flushEvery} of its requests (1, as Vox does, by default) and once at the end. A request counts as written when
 * its HEADERS frame's write completes; its "skew" is that instant less the instant all were asked
 * for. Prints, for each of {@code rounds} rounds (the first on a cold JVM, as a node's first bulk
 * action): p50, p99 and max of that skew, and when the last response came, as one FLOOR line.
 * Settings are system properties: url, requests, connections, rounds, flushEvery.
 */
public final class WriteFloor {
  private WriteFloor() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(System.getProperty("url", "http://127.0.0.1:18291/api/ping"));
    int requests = Integer.getInteger("requests", 50_000);
    int connections = Integer.getInteger("connections", 16);
    int rounds = Integer.getInteger("rounds", 3);
    int flushEvery = Integer.getInteger("flushEvery", 1);
    var group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    EventLoop loop = group.next();
    Round[] current = new Round[1];
    CountDownLatch ready = new CountDownLatch(connections);
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(EpollSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient()
                                .encoderEnforceMaxConcurrentStreams(true)
                                .build(),
                            new Http2ChannelDuplexHandler() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                try {
                                  if (msg instanceof Http2SettingsFrame) {
                                    ready.countDown(); // the server's stream limit is known
                                  } else if (msg instanceof Http2StreamFrame f
                                      && f instanceof io.netty.handler.codec.http2.Http2DataFrame d
                                      && d.isEndStream()) {
                                    current[0].answered();
                                  } else if (msg instanceof Http2HeadersFrame h && h.isEndStream()) {
                                    current[0].answered();
                                  }
                                } finally {
                                  ReferenceCountUtil.release(msg);
                                }
                              }
                            });
                  }
                });
    int port = url.getPort() > 0 ? url.getPort() : 80;
    Channel[] channels = new Channel[connections];
    for (int i = 0; i < connections; i++) {
      channels[i] = b.connect(url.getHost(), port).sync().channel();
    }
    if (!ready.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no SETTINGS from the server");
    }
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method("GET")
            .scheme("http")
            .authority(url.getHost() + ":" + port)
            .path(url.getRawPath());
    for (int r = 1; r <= rounds; r++) {
      Round round = new Round(requests, flushEvery);
      current[0] = round;
      loop.execute(() -> round.start(channels, headers));
      long[] s = round.done.get(60, TimeUnit.SECONDS);
      System.out.printf(
          "FLOOR round=%d requests=%d connections=%d flush_every=%d written_p50_ms=%.1f written_p99_ms=%.1f"
              + " written_max_ms=%.1f last_response_ms=%.1f%n",
          r, requests, connections, flushEvery, s[0] / 1e3, s[1] / 1e3, s[2] / 1e3, s[3] / 1e3);
    }
    for (Channel c : channels) {
      c.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One bulk action: every request asked for at one instant; runs on the one event loop. */
  static final class Round {
    final long[] writtenUs;
    final CompletableFuture<long[]> done = new CompletableFuture<>();
    final int flushEvery;
    long t0;
    int written;
    int answered;

    Round(int requests, int flushEvery) {
      writtenUs = new long[requests];
      this.flushEvery = flushEvery;
    }

    void start(Channel[] channels, Http2Headers headers) {
      t0 = System.nanoTime();
      for (int i = 0; i < writtenUs.length; i++) {
        Channel ch = channels[i % channels.length];
        Http2FrameStream stream = ch.pipeline().get(Http2ChannelDuplexHandler.class).newStream();
        int slot = i;
        ch.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream))
            .addListener(
                f -> {
                  writtenUs[slot] = (System.nanoTime() - t0) / 1000;
                  written++;
                });
        if ((i / channels.length + 1) % flushEvery == 0) {
          ch.flush(); // the connection's flushEvery-th request since its last flush
        }
      }
      for (Channel ch : channels) {
        ch.flush();
      }
    }

    void answered() {
      if (++answered == writtenUs.length) {
        long last = (System.nanoTime() - t0) / 1000;
        long[] sorted = writtenUs.clone();
        Arrays.sort(sorted);
        done.complete(
            new long[] {
              sorted[(sorted.length - 1) / 2],
              sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.99) - 1)],
              sorted[sorted.length - 1],
              last
            });
      }
    }
  }
}
