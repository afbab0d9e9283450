package io.vox.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro instance in a child process: the Artemis RAR pointed at the broker and deployed
 * first, then one WAR. Output goes to {@code <work>/<name>.log}. Stopped by SIGTERM, then SIGKILL
 * after a grace period, always before the broker (Payara hangs in shutdown without it).
 */
public final class PayaraProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final URI health;

  private PayaraProcess(String name, Process process, Path log, URI health) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.health = health;
  }

  /**
   * Starts {@code war} on {@code httpPort}.
   *
   * @param brokerUser the broker login of the instance (its RA and its connection factory)
   * @param brokerPassword its password, passed in the environment ({@code VOX_BROKER_PASSWORD}),
   *     never on a command line or in a file
   * @param properties system properties of the instance
   * @param environment environment variables added to the instance's (secrets: not on its command
   *     line for everyone to read)
   * @param healthPath path under the WAR's context root that answers 200 once the app is deployed
   */
  public static PayaraProcess start(
      String name,
      Path dist,
      Path work,
      Path war,
      int httpPort,
      int brokerPort,
      String brokerUser,
      String brokerPassword,
      List<String> jvmOptions,
      Map<String, String> properties,
      Map<String, String> environment,
      String healthPath)
      throws IOException {
    // a reused --rootdir keeps the old deployment and resource-adapter settings: start fresh
    LocalStack.deleteTree(work.resolve(name));
    Path dir = Files.createDirectories(work.resolve(name));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path postBoot = dir.resolve("post-boot-commands.txt");
    Files.writeString(
        postBoot,
        String.join("\n", postBootCommands(ENV_BROKER_HOST, ENV_BROKER_PORT, ENV_CREDENTIALS))
            + "\n");
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // a session of its own: Ctrl-C in the terminal reaches the CLI alone, which stops the
      // run first (the master must be up for that) and then this instance
      cmd.add(SETSID.toString());
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-Djava.io.tmpdir=" + tmp);
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(
        List.of(
            "-jar",
            dist.resolve("payara-micro.jar").toString(),
            "--rootdir",
            dir.resolve("root").toString(),
            PAYARA_OPTIONS.get(0),
            PAYARA_OPTIONS.get(1),
            "--port",
            Integer.toString(httpPort),
            "--postbootcommandfile",
            postBoot.toString(),
            "--deploy",
            dist.resolve("artemis-rar.rar").toString(),
            "--deploy",
            war.toString()));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("VOX_BROKER_HOST", "127.0.0.1");
    builder.environment().put("VOX_BROKER_PORT", Integer.toString(brokerPort));
    builder.environment().put("VOX_BROKER_USER", brokerUser);
    builder.environment().put("VOX_BROKER_PASSWORD", brokerPassword);
    Process p = builder.start();
    String context = war.getFileName().toString().replaceAll("\\.war$", "");
    URI health = URI.create("http://127.0.0.1:" + httpPort + "/" + context + healthPath);
    return new PayaraProcess(name, p, log, health);
  }

  /**
   * Payara Micro's post-boot commands for a Vox WAR: connector class loading "derived" (the RAR's
   * Netty must not shadow the WAR's: research/netty-in-payara), and the Artemis RA pointed at the
   * broker, with {@code credentials} (":UserName=..:Password=..", or "" for none) appended to its
   * properties. The container images write the same (docker/payara-entrypoint.sh).
   */
  static List<String> postBootCommands(String brokerHost, String brokerPort, String credentials) {
    return List.of(
        "set configs.config.server-config.connector-service.class-loading-policy=derived",
        "create-resource-adapter-config --property ConnectionParameters=host\\="
            + brokerHost
            + ";port\\="
            + brokerPort
            + credentials
            + " artemis-rar");
  }

  /**
   * The RA's broker login as Payara reads it from the instance's environment when it runs the
   * post-boot commands (the same variables MicroProfile Config gives the connection factory).
   */
  /**
   * The broker's address as Payara reads it from the environment: the post-boot file of every local
   * stack is then the release's deploy/post-boot.txt, word for word.
   */
  static final String ENV_BROKER_HOST = "${ENV=VOX_BROKER_HOST}";

  static final String ENV_BROKER_PORT = "${ENV=VOX_BROKER_PORT}";

  static final String ENV_CREDENTIALS =
      ":UserName=${ENV=VOX_BROKER_USER}:Password=${ENV=VOX_BROKER_PASSWORD}";

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /** Payara Micro's options before the deployments, as the container images pass them too. */
  static final List<String> PAYARA_OPTIONS = List.of("--nohazelcast", "--disablephonehome");

  /** The base URL of the deployed WAR, ending with '/'. */
  public String baseUrl() {
    String h = health.toString();
    return h.substring(0, h.indexOf('/', "http://".length()) + 1)
        + health.getPath().split("/")[1]
        + "/";
  }

  /** Peak resident set size of the process so far (VmHWM), in MiB; -1 where /proc has none. */
  public long peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  public long pid() {
    return process.pid();
  }

  /** CPU time the process has used so far (all its threads), or empty where the OS tells none. */
  public java.util.Optional<Duration> cpuTime() {
    return process.info().totalCpuDuration();
  }

  public Path log() {
    return log;
  }

  /** Waits until the app answers 200 on its health path; throws with the log's tail if not. */
  public void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + "\n" + tail());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IOException(name + " not ready after " + timeout.toSeconds() + " s\n" + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
