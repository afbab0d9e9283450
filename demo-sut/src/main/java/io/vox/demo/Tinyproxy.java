package io.vox.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's tinyproxy on loopback, a real HTTP proxy for tests (CONNECT tunnels and absolute-form
 * requests, Basic proxy authentication): started in a folder of its own, its log readable to see
 * what it forwarded. {@code .ci/run} installs it when missing ({@code tinyproxy-bin}).
 */
public final class Tinyproxy implements AutoCloseable {
  /** The credentials it asks for. */
  public static final String USER = "vox";

  public static final String PASSWORD = "proxy-secret";

  private static final long START_TIMEOUT_MS = 15_000;
  private final Path dir;
  private final int port;
  private final Process process;

  private Tinyproxy(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts tinyproxy listening on 127.0.0.1, asking for {@link #USER} and {@link #PASSWORD}. */
  public static Tinyproxy start(Path dir) throws IOException, InterruptedException {
    Path binary =
        List.of(Path.of("/usr/bin/tinyproxy"), Path.of("/usr/sbin/tinyproxy")).stream()
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tinyproxy not installed: apt-get install tinyproxy-bin"));
    Path home = Files.createDirectories(dir.toAbsolutePath());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // no ConnectPort line: CONNECT to any port (the test servers' ports are random)
    Path conf =
        Files.writeString(
            home.resolve("tinyproxy.conf"),
            """
            Port %d
            Listen 127.0.0.1
            Timeout 60
            MaxClients 500
            LogLevel Connect
            LogFile "%s"
            Allow 127.0.0.1
            BasicAuth %s %s
            """
                .formatted(port, home.resolve("tinyproxy.log"), USER, PASSWORD));
    Process process =
        Processes.endAtExit(
            new ProcessBuilder(binary.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("out.log").toFile()))
                .start());
    Tinyproxy proxy = new Tinyproxy(home, port, process);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (!proxy.listening()) {
      if (process.waitFor(50, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
        proxy.close();
        throw new IllegalStateException(
            "tinyproxy did not start: " + Files.readString(home.resolve("out.log")));
      }
    }
    return proxy;
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  /** Its log: one "Request ... CONNECT host:port" or "GET http://..." line per request it took. */
  public String log() throws IOException {
    Path log = dir.resolve("tinyproxy.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    Processes.end(process);
  }
}
