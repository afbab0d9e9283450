package vox.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reference client of issues 19 and 22: plain Netty on one event loop (native epoll by
 * default); for an {@code https} URL OpenSSL (BoringSSL through netty-tcnative), TLS 1.3, the server's certificate checked against a
 * CA file and the URL's host (an IP address is matched against the certificate's IP names). {@code
 * users} users each own one connection at a time and loop {@code GET url} on it for {@code secs}
 * seconds, with no think time (closed loop); then each finishes the iteration it is in (as a Vox
 * user does) and stops. A response with {@code Connection: close} ends the connection: the user
 * opens a new one (a new TCP connection and TLS handshake) for its next request. Latency is timed
 * from writing a request to its full response. Prints one {@code NETTY_SUMMARY} line; settings are
 * system properties: url, users, secs, ca, timeoutMs, transport (epoll or io_uring), groups (the
 * key exchanges offered, colon-separated; Netty's default else).
 */
public final class TlsReference {
  private TlsReference() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(System.getProperty("url", "https://127.0.0.1:18201/api/ping"));
    int users = Integer.getInteger("users", 100);
    int secs = Integer.getInteger("secs", 15);
    int timeoutMs = Integer.getInteger("timeoutMs", 10_000);
    String transport = System.getProperty("transport", "epoll");
    File ca = new File(System.getProperty("ca", "ca.pem"));

    boolean tls = url.getScheme().equals("https");
    SslContext ssl = null; // plain HTTP (W1): no TLS handler, the first request on connect
    if (tls) {
      OpenSsl.ensureAvailability();
      SslContextBuilder b =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.OPENSSL)
              .trustManager(ca)
              .protocols("TLSv1.3")
              .endpointIdentificationAlgorithm("HTTPS");
      String groups = System.getProperty("groups", "");
      if (!groups.isEmpty()) { // the key exchanges offered, e.g. X25519:P-256; BoringSSL's own else
        b.option(OpenSslContextOption.GROUPS, groups.split(":"));
      }
      ssl = b.build();
    }
    boolean uring = transport.equals("io_uring");
    if (uring) {
      IoUring.ensureAvailability();
    } else {
      Epoll.ensureAvailability();
    }
    IoHandlerFactory io = uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory();
    Class<? extends SocketChannel> channel =
        uring ? IoUringSocketChannel.class : EpollSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(channel)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs);
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(url.getHost()), port);
    Load load = new Load(bootstrap, ssl, url, address, timeoutMs);

    List<User> all = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      all.add(new User(load));
    }
    CountDownLatch done = new CountDownLatch(1);
    long[] at = new long[4]; // start ns, end ns, start CPU ns, end CPU ns
    var loop = group.next();
    loop.execute(
        () -> {
          at[0] = System.nanoTime();
          at[2] = processCpuNanos();
          all.forEach(User::connect);
        });
    long drainEnd =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(secs) + (long) timeoutMs * 1_000_000;
    loop.scheduleAtFixedRate(
        () -> {
          all.forEach(User::checkTimeout);
          if (load.stopped
              && at[1] == 0
              && (all.stream().allMatch(User::idle) || System.nanoTime() > drainEnd)) {
            at[1] = System.nanoTime();
            at[3] = processCpuNanos();
            all.forEach(User::close);
            done.countDown();
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    loop.schedule(() -> load.stopped = true, secs, TimeUnit.SECONDS); // no new iteration
    done.await();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();

    long[] lat = Arrays.copyOf(load.latenciesUs, load.requests);
    Arrays.sort(lat);
    double mean = lat.length == 0 ? 0 : Arrays.stream(lat).average().orElse(0);
    long p99 = lat.length == 0 ? 0 : lat[Math.max(0, (int) Math.ceil(lat.length * 0.99) - 1)];
    System.out.printf(
        "NETTY_SUMMARY requests=%d duration_us=%d mean_us=%.1f p99_us=%d errors=%d handshakes=%d"
            + " run_cpu_s=%.2f tls=%s transport=%s%n",
        load.requests,
        (at[1] - at[0]) / 1000,
        mean,
        p99,
        load.errors,
        load.handshakes,
        (at[3] - at[2]) / 1e9,
        tls ? OpenSsl.versionString().replace(' ', '_') : "none",
        uring ? "io_uring" : "epoll");
  }

  /** CPU time of this whole process (all threads, JIT and GC included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** What the users share; touched on the one event loop only. */
  static final class Load {
    final Bootstrap bootstrap;
    final SslContext ssl; // null for plain HTTP
    final URI url;
    final InetSocketAddress address;
    final int timeoutMs;
    final String hostHeader;
    boolean stopped; // the duration is over: users finish their iteration, then stop
    int requests;
    long[] latenciesUs = new long[1 << 16];
    long errors;
    long handshakes;

    Load(Bootstrap bootstrap, SslContext ssl, URI url, InetSocketAddress address, int timeoutMs) {
      this.bootstrap = bootstrap;
      this.ssl = ssl;
      this.url = url;
      this.address = address;
      this.timeoutMs = timeoutMs;
      this.hostHeader = url.getHost() + ":" + address.getPort();
    }

    void record(long latencyUs) {
      if (requests == latenciesUs.length) {
        latenciesUs = Arrays.copyOf(latenciesUs, requests * 2);
      }
      latenciesUs[requests++] = latencyUs;
    }
  }
}
