package io.vox.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A real nginx, a server we did not write, serving fixed routes over TLS 1.3, TLS 1.2, HTTP/1.1
 * only, bad certificates and plain HTTP, so HTTP client tests meet another implementation's
 * framing, ALPN and redirects. One foreground process per instance, everything in its directory.
 *
 * <p>Only {@code /echo} reads a request body. Over HTTP/2 the other routes answer without reading
 * it and nginx then stops granting flow-control window, so a large POST to them (say a 307 test)
 * stalls: keep such bodies small.
 */
public final class Nginx implements AutoCloseable {
  /** Size in bytes of {@code /big.txt}. */
  public static final int BIG_TXT_BYTES = 5_000_000;

  /** Last line of {@code /big.txt}, not followed by a newline. */
  public static final String BIG_TXT_LAST_LINE = "END-OF-BIG";

  private static final Logger LOG = Logger.getLogger(Nginx.class.getName());
  private static final long START_TIMEOUT_MS = 15_000;
  private static final long POLL_MS = 50;
  private static final int CONNECT_TIMEOUT_MS = 200;

  private final Path dir;
  private final Certificates certificates;
  private final NginxPorts ports;
  private final Process process;

  private Nginx(Path dir, Certificates certificates, NginxPorts ports, Process process) {
    this.dir = dir;
    this.certificates = certificates;
    this.ports = ports;
    this.process = process;
  }

  /**
   * Writes certificates, config and files into {@code dir}, starts nginx and returns once every
   * port accepts connections.
   *
   * @throws IllegalStateException if nginx is not installed, exits or does not listen in time; the
   *     message carries error.log
   */
  public static Nginx start(Path dir) throws IOException, InterruptedException {
    Path binary = NginxBinary.find();
    Path home = dir.toAbsolutePath();
    Certificates certificates = Certificates.make(home);
    NginxPorts ports = NginxPorts.pick();
    Path conf = NginxConfig.write(home, certificates, ports);
    Path errorLog = home.resolve("error.log");
    Process process =
        Processes.endAtExit(
            new ProcessBuilder(
                    binary.toString(), "-p", home + "/", "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(errorLog.toFile()))
                .start());
    Nginx nginx = new Nginx(home, certificates, ports, process);
    try {
      nginx.awaitListening();
    } catch (IOException | RuntimeException | InterruptedException e) {
      nginx.close();
      throw e;
    }
    LOG.fine(() -> "nginx pid=" + process.pid() + " dir=" + home + " ports=" + ports);
    return nginx;
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (!allListening()) {
      if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
        throw startFailure("nginx exited with code " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw startFailure("nginx not listening after " + START_TIMEOUT_MS + " ms");
      }
    }
  }

  private boolean allListening() {
    for (int port : ports.all()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private IllegalStateException startFailure(String why) throws IOException {
    Path errorLog = dir.resolve("error.log");
    String log = Files.exists(errorLog) ? Files.readString(errorLog) : "(no error.log)";
    return new IllegalStateException(why + " dir=" + dir + " error.log:\n" + log);
  }

  /** Ends this instance's process: politely first, forcibly after a grace period. */
  @Override
  public void close() {
    Processes.end(process);
  }

  /** HTTP/2 or HTTP/1.1 over TLS 1.3 only, certificate {@link Certificates#leaf()}. */
  public int httpsPort() {
    return ports.https();
  }

  /** HTTP/2 or HTTP/1.1 over TLS 1.2 only, certificate {@link Certificates#leaf()}. */
  public int tls12Port() {
    return ports.tls12();
  }

  /** TLS 1.2 or 1.3 whose ALPN offers only http/1.1, certificate {@link Certificates#leaf()}. */
  public int http11TlsPort() {
    return ports.http11Tls();
  }

  /** TLS with the self-signed {@link Certificates#untrusted()}. */
  public int untrustedPort() {
    return ports.untrusted();
  }

  /** TLS with {@link Certificates#wrongName()}, valid for other.test only. */
  public int wrongNamePort() {
    return ports.wrongName();
  }

  /**
   * TLS (HTTP/2 by ALPN) that requires a client certificate signed by {@link Certificates#ca()}.
   */
  public int mtlsPort() {
    return ports.mtls();
  }

  /** Plain HTTP/1.1. */
  public int httpPort() {
    return ports.http();
  }

  public Certificates certificates() {
    return certificates;
  }

  public Path dir() {
    return dir;
  }
}
