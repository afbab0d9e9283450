package io.vox.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.vox.demo.DemoServer;
import io.vox.messaging.Message;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.node.http.NettyLanes;
import io.vox.node.http.Transport;
import io.vox.node.user.NodeEngine;
import io.vox.node.user.ReportBatcher;
import io.vox.node.user.ReportSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HTTP requests through the node's engine against the demo API on loopback, against raw Netty on
 * the same server in the same run: {@link #USERS} users each send one {@code GET /api/ping} per
 * bulk action over {@link #CONNECTIONS} pooled keep-alive connections on one event loop, with the
 * measurement and reporting (results into the report batcher with its histograms); the reference
 * writes the same requests on as many connections of one loop with a handler that only counts
 * responses. Both share the 2 cores with the server, so the throughput ratio understates the
 * client's difference; each iteration also prints the client loop thread's CPU per request, the
 * figure that compares the clients themselves.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms512m", "-Xmx512m", "-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
public class HttpBenchmark {
  static final int USERS = 256;
  static final int CONNECTIONS = 32;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /** A thread factory that remembers its threads, to read their CPU time. */
  static final class Recording implements java.util.concurrent.ThreadFactory {
    final List<Thread> threads = new ArrayList<>();

    @Override
    public synchronized Thread newThread(Runnable r) {
      Thread t = Executors.defaultThreadFactory().newThread(r);
      t.setDaemon(true);
      threads.add(t);
      return t;
    }

    synchronized long cpuNanos() {
      return threads.stream().mapToLong(t -> CPU.getThreadCpuTime(t.getId())).sum();
    }
  }

  /** Counts requests and loop CPU over an iteration and prints CPU per request. */
  abstract static class Measured {
    final AtomicLong requests = new AtomicLong();
    final Recording loopThreads = new Recording();
    private long cpuAtStart;
    private long requestsAtStart;

    @Setup(Level.Iteration)
    public void iterationStart() {
      cpuAtStart = loopThreads.cpuNanos();
      requestsAtStart = requests.get();
    }

    @TearDown(Level.Iteration)
    public void iterationEnd() {
      long n = requests.get() - requestsAtStart;
      System.out.printf(
          "%n  %s: %,d requests, client loop CPU %,d ns per request%n",
          getClass().getSimpleName(), n, n == 0 ? 0 : (loopThreads.cpuNanos() - cpuAtStart) / n);
    }
  }

  @State(Scope.Benchmark)
  public static class Vox extends Measured {
    DemoServer server;
    NettyLanes lanes;
    NodeEngine engine;
    ReportBatcher batcher;
    final AtomicInteger reported = new AtomicInteger();
    volatile CountDownLatch done;
    int action;

    @Setup(Level.Trial)
    public void start() throws Exception {
      Logger.getLogger("io.vox").setLevel(java.util.logging.Level.WARNING);
      server = DemoServer.start("127.0.0.1", 0, 0, 0);
      lanes = new NettyLanes(1, loopThreads, CONNECTIONS, Transport.choose("auto"));
      batcher = new ReportBatcher("n1", 1000, b -> {});
      ReportSink sink =
          new ReportSink() {
            @Override
            public void report(long runId, UserResult result) {
              batcher.report(runId, result);
              if (reported.incrementAndGet() == USERS) {
                done.countDown();
              }
            }
          };
      engine =
          new NodeEngine(
              "n1", lanes, sink, e -> {}, Runnable::run, (ms, t) -> {}, Clock.systemUTC(), 32);
      Step ping =
          new Step(
              new Request(
                  null,
                  "GET",
                  "/api/ping",
                  Map.of(),
                  null,
                  List.of(),
                  List.of(),
                  null,
                  null,
                  null,
                  null),
              null,
              null,
              null);
      Scenario scenario =
          new Scenario(
              List.of(),
              List.of(
                  new Action(
                      "ping",
                      10_000_000,
                      List.of(ping),
                      "auto",
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      null,
                      null)),
              List.of(),
              0,
              0,
              HttpOptions.DEFAULT,
              List.of());
      engine.handle(
          new StartRun(
              Message.SCHEMA_VERSION,
              1,
              "http://127.0.0.1:" + server.port(),
              10_000,
              scenario,
              List.of(new NodeSlice("n1", 0, USERS)),
              java.util.Map.of()));
    }

    @TearDown(Level.Trial)
    public void stop() {
      engine.close();
      lanes.close();
      server.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Raw extends Measured {
    DemoServer server;
    EventLoopGroup group;
    final List<Channel> channels = new ArrayList<>();
    final AtomicInteger toSend = new AtomicInteger();
    volatile CountDownLatch done;
    final AtomicInteger received = new AtomicInteger();
    String host;

    @Setup(Level.Trial)
    public void start() throws Exception {
      server = DemoServer.start("127.0.0.1", 0, 0, 0);
      host = "127.0.0.1:" + server.port();
      Transport transport = Transport.choose("auto"); // the same as the node's
      group = new MultiThreadIoEventLoopGroup(1, loopThreads, transport.ioHandlerFactory());
      Bootstrap b =
          new Bootstrap()
              .group(group)
              .channel(transport.socketChannel())
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new HttpClientCodec(),
                              new HttpObjectAggregator(1 << 20),
                              new SimpleChannelInboundHandler<FullHttpResponse>() {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, FullHttpResponse res) {
                                  requests.incrementAndGet();
                                  if (received.incrementAndGet() == USERS) {
                                    done.countDown();
                                  }
                                  next(ctx.channel());
                                }
                              });
                    }
                  });
      for (int i = 0; i < CONNECTIONS; i++) {
        channels.add(b.connect("127.0.0.1", server.port()).sync().channel());
      }
    }

    void next(Channel ch) {
      if (toSend.getAndDecrement() > 0) {
        DefaultFullHttpRequest req =
            new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/ping");
        req.headers().set(HttpHeaderNames.HOST, host);
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ch.writeAndFlush(req, ch.voidPromise());
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      channels.forEach(c -> c.close().syncUninterruptibly());
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      server.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(USERS)
  public void vox(Vox s) throws InterruptedException {
    s.done = new CountDownLatch(1);
    s.reported.set(0);
    s.engine.handle(new RunAction(Message.SCHEMA_VERSION, 1, ++s.action, 0));
    s.done.await();
    s.requests.addAndGet(USERS);
    s.batcher.flush();
  }

  @Benchmark
  @OperationsPerInvocation(USERS)
  public void rawNetty(Raw s) throws InterruptedException {
    s.done = new CountDownLatch(1);
    s.received.set(0);
    s.toSend.set(USERS);
    for (Channel ch : s.channels) {
      ch.eventLoop().execute(() -> s.next(ch));
    }
    s.done.await();
  }
}
