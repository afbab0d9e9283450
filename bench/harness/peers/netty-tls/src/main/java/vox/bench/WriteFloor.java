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
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a bulk action (issue 22): how soon plain Netty on one event loop (one core) can
 * hand {@code requests} HTTP/2 GETs to the wire over {@code connections} h2c connections (prior
 * knowledge) to the same nginx, all asked for at one instant, as a Vox node's users are. Each
 * connection keeps to the server's MAX_CONCURRENT_STREAMS: a request over it waits in the
 * connection's queue until a stream ends, as in Vox's h2 lanes. A request is stamped when its
 * HEADERS frame is handed to the codec (as Vox stamps a request's start), and each connection is
 * flushed after every {@code flushEvery} of its requests (1, as Vox does) and at the end of the
 * burst. Prints, for each of {@code rounds} rounds on one JVM (the first cold, as a node's first
 * bulk action), p50, p99 and max of the stamps from that instant, and when the last response
 * came, as one FLOOR line. Settings are system properties: url, requests, connections, rounds,
 * flushEvery.
 */
public final class WriteFloor {
  private WriteFloor() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(System.getProperty("url", "http://127.0.0.1:18291/api/ping"));
    int requests = Integer.getInteger("requests", 50_000);
    int connections = Integer.getInteger("connections", 16);
    int rounds = Integer.getInteger("rounds", 3);
    int flushEvery = Integer.getInteger("flushEvery", 1);
    int port = url.getPort() > 0 ? url.getPort() : 80;
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method("GET")
            .scheme("http")
            .authority(url.getHost() + ":" + port)
            .path(url.getRawPath());
    var group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      EventLoop loop = group.next();
      CountDownLatch ready = new CountDownLatch(connections);
      Lane[] lanes = new Lane[connections];
      for (int i = 0; i < connections; i++) {
        Lane lane = new Lane(headers, ready);
        lanes[i] = lane;
        new Bootstrap()
            .group(loop)
            .channel(EpollSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(), lane);
                  }
                })
            .connect(url.getHost(), port)
            .sync();
      }
      if (!ready.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no SETTINGS from the server");
      }
      for (int r = 1; r <= rounds; r++) {
        Round round = new Round(requests);
        loop.execute(() -> round.start(lanes, flushEvery));
        long[] s = round.done.get(120, TimeUnit.SECONDS);
        System.out.printf(
            "FLOOR round=%d requests=%d connections=%d flush_every=%d written_p50_ms=%.1f"
                + " written_p99_ms=%.1f written_max_ms=%.1f last_response_ms=%.1f failed=%d%n",
            r,
            requests,
            connections,
            flushEvery,
            s[0] / 1e3,
            s[1] / 1e3,
            s[2] / 1e3,
            s[3] / 1e3,
            round.failed);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** One connection: its streams under way and the requests waiting for a free one. */
  static final class Lane extends Http2ChannelDuplexHandler {
    private final Http2Headers headers;
    private final CountDownLatch ready;
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>(); // request slots
    private ChannelHandlerContext ctx;
    private long maxStreams = 100; // until the server's SETTINGS say
    private int active;
    private Round round;

    Lane(Http2Headers headers, CountDownLatch ready) {
      this.headers = headers;
      this.ready = ready;
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    void ask(Round round, int slot) {
      this.round = round;
      if (active < maxStreams) {
        send(slot);
      } else {
        waiting.add(slot);
      }
    }

    private void send(int slot) {
      active++;
      round.stamp(slot);
      ctx.write(new DefaultHttp2HeadersFrame(headers, true).stream(newStream()))
          .addListener(
              f -> {
                if (!f.isSuccess()) { // no stream was opened: none will close
                  round.failed++;
                  round.answered();
                  released();
                }
              });
    }

    void flush() {
      ctx.flush();
    }

    /** A stream closed (after its response or a reset): the next waiting request takes it. */
    private void released() {
      active--;
      Integer next = waiting.poll();
      if (next != null) {
        send(next);
        ctx.flush();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2SettingsFrame s) {
          Long max = s.settings().maxConcurrentStreams();
          if (max != null) {
            maxStreams = max;
          }
          ready.countDown();
        } else if (msg instanceof Http2DataFrame d && d.isEndStream()
            || msg instanceof Http2HeadersFrame h && h.isEndStream()) {
          round.answered();
        } else if (msg instanceof Http2ResetFrame) {
          round.failed++;
          round.answered();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    // the codec closes a stream after its last frame has been read: a new stream opened from
    // channelRead would still find the old one counted against the server's limit
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof Http2FrameStreamEvent e
          && e.type() == Http2FrameStreamEvent.Type.State
          && e.stream().state() == Http2Stream.State.CLOSED) {
        released();
      }
      super.userEventTriggered(ctx, evt);
    }
  }

  /** One bulk action: every request asked for at one instant; runs on the one event loop. */
  static final class Round {
    final long[] writtenUs;
    final CompletableFuture<long[]> done = new CompletableFuture<>();
    long t0;
    int answered;
    int failed;

    Round(int requests) {
      writtenUs = new long[requests];
    }

    void start(Lane[] lanes, int flushEvery) {
      t0 = System.nanoTime();
      for (int i = 0; i < writtenUs.length; i++) {
        Lane lane = lanes[i % lanes.length];
        lane.ask(this, i);
        if ((i / lanes.length + 1) % flushEvery == 0) {
          lane.flush(); // the lane's flushEvery-th request since its last flush
        }
      }
      for (Lane lane : lanes) {
        lane.flush();
      }
    }

    void stamp(int slot) {
      writtenUs[slot] = (System.nanoTime() - t0) / 1000;
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
