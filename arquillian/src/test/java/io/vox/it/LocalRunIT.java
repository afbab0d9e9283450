package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The release as a user gets it: {@code vox-<version>.tar.gz} unpacked into an empty folder, its
 * {@code bin/vox} run there with nothing but a JDK. {@code vox demo --exit} runs the demo; {@code
 * vox run --local} starts its own stack (MariaDB, Artemis, a master and a node), runs a plan
 * against the demo API, writes the JUnit file, stops the stack and exits with the verdict, and a
 * second run keeps the first one's database.
 */
class LocalRunIT {
  private static Path home;

  @BeforeAll
  static void unpackTheRelease() throws Exception {
    Path target = Path.of("..", "launcher", "target").toAbsolutePath().normalize();
    List<Path> archives;
    try (var files = Files.list(target)) {
      archives =
          files.filter(f -> f.getFileName().toString().matches("vox-.*\\.tar\\.gz")).toList();
    }
    assertEquals(1, archives.size(), "one release archive in " + target + ": " + archives);
    Path dir = Files.createTempDirectory(Path.of("target"), "release").toAbsolutePath();
    Process tar =
        new ProcessBuilder("tar", "xzf", archives.get(0).toString(), "-C", dir.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes()));
    try (var unpacked = Files.list(dir)) {
      home = unpacked.findFirst().orElseThrow();
    }
    assertTrue(Files.isExecutable(home.resolve("bin/vox")), "bin/vox in " + home);
    for (String f :
        List.of(
            "master.war",
            "node.war",
            "artemis-rar.rar",
            "payara-micro.jar",
            "deploy/post-boot.txt",
            "deploy/broker.xml",
            "docs/PLANS.md",
            "docs/plans/demo.json")) {
      assertTrue(Files.isRegularFile(home.resolve(f)), f + " in the release");
    }
  }

  @Test
  void theDemoRunsFromTheRelease() throws Exception {
    Path cwd = Files.createTempDirectory(Path.of("target"), "demo-cwd").toAbsolutePath();
    Ran demo =
        vox(
            cwd,
            "demo",
            "--users",
            "200",
            "--actions",
            "1",
            "--exit",
            "--base-port",
            Integer.toString(freePortPair()),
            "--broker-port",
            Integer.toString(freePortPair()),
            "--db-port",
            Integer.toString(freePortPair()));
    assertEquals(0, demo.code, demo.out);
    assertTrue(demo.out.contains("200 users"), demo.out);
    assertTrue(Files.isDirectory(cwd.resolve(".vox/demo/mariadb")), "the demo works in .vox/demo");
  }

  @Test
  void aLocalRunPassesThenASecondOneMissesItsThresholdInTheSameDatabase() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "local-run").toAbsolutePath();
    int basePort = freePortPair();

    Path passing = dir.resolve("passing.json");
    Files.writeString(
        passing,
        """
        {"name": "local-pass", "target": "http://127.0.0.1:%d", "users": 20,
         "actions": [{"name": "ping", "repeat": 2, "steps": [
           {"request": {"method": "GET", "url": "/api/ping", "checks": [{"status": 200}]}}]}],
         "thresholds": [{"metric": "errorPercent", "below": 1},
                        {"metric": "p99", "action": "ping", "below": 10000}]}
        """
            .formatted(ItStack.sut.port()));
    Ran first =
        vox(
            dir,
            "run",
            "--local",
            passing.toString(),
            "--base-port",
            Integer.toString(basePort),
            "--junit",
            dir.resolve("pass.xml").toString());
    assertEquals(0, first.code, first.out);
    assertTrue(first.out.contains("Run 1 submitted"), first.out);
    assertTrue(Files.isDirectory(dir.resolve(".vox/local/mariadb")), "kept in .vox/local");
    Document pass = xml(dir.resolve("pass.xml"));
    assertEquals("3", pass.getDocumentElement().getAttribute("tests"), first.out);
    assertEquals("0", pass.getDocumentElement().getAttribute("failures"));
    assertEquals(0, pass.getElementsByTagName("failure").getLength());
    assertStackGone(basePort, first.out);

    // Ctrl-C: the terminal's SIGINT reaches the CLI; it aborts the run before the stack goes
    Path looping = dir.resolve("looping.json");
    Files.writeString(
        looping,
        """
        {"name": "local-interrupted", "target": "http://127.0.0.1:%d", "users": 5,
         "actions": [{"name": "loop", "loop": {"durationMs": 300000, "pacingMs": 100}, "steps": [
           {"request": {"method": "GET", "url": "/api/ping"}}]}]}
        """
            .formatted(ItStack.sut.port()));
    Ran interrupted =
        vox(
            dir,
            out -> out.contains("RUNNING"),
            "run",
            "--local",
            looping.toString(),
            "--base-port",
            Integer.toString(basePort));
    assertTrue(
        interrupted.out.contains("Asked the master to abort run 2"),
        "the run was aborted before the stack stopped\n" + interrupted.out);
    assertStackGone(basePort, interrupted.out);

    Path failing = dir.resolve("failing.json");
    Files.writeString(
        failing,
        """
        {"name": "local-fail", "target": "http://127.0.0.1:%d", "users": 10,
         "actions": [{"name": "missing", "steps": [
           {"request": {"method": "GET", "url": "/api/no-such-page",
                        "checks": [{"status": 200}]}}]}],
         "thresholds": [{"metric": "errorPercent", "below": 1}]}
        """
            .formatted(ItStack.sut.port()));
    Ran second =
        vox(
            dir,
            "run",
            "--local",
            failing.toString(),
            "--base-port",
            Integer.toString(basePort),
            "--junit",
            dir.resolve("fail.xml").toString());
    assertEquals(1, second.code, "a missed threshold exits 1\n" + second.out);
    assertFalse(second.out.contains("was left"), "no run was left active\n" + second.out);
    assertTrue(
        second.out.contains("Run 3 submitted"), "the first run's database was kept\n" + second.out);
    Document fail = xml(dir.resolve("fail.xml"));
    assertEquals("2", fail.getDocumentElement().getAttribute("tests"));
    assertEquals("1", fail.getDocumentElement().getAttribute("failures"));
    assertTrue(
        fail.getElementsByTagName("failure")
            .item(0)
            .getAttributes()
            .getNamedItem("message")
            .getNodeValue()
            .matches("errorPercent < 1.*: actual 100(\\.0)?"),
        Files.readString(dir.resolve("fail.xml")));
    assertStackGone(basePort, second.out);

    Ran both = vox(dir, "run", "--local", passing.toString(), "--master", "http://x/");
    assertEquals(2, both.code, both.out);
    assertTrue(both.out.contains("--master names a running master"), both.out);
  }

  /**
   * The node's clock runs 5 s behind the master's: it learns that from the master's echoes of its
   * heartbeats, so its users still count from the master's command. A node that took the master's
   * stamp for a time on its own clock would show a skew of 5 s; one that ignored the stamp, no
   * delivery at all.
   */
  @Test
  void aNodeWhoseClockIsFiveSecondsBehindStillCountsItsUsersFromTheMastersCommand()
      throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "clock").toAbsolutePath();
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        """
        {"name": "shifted-clock", "target": "http://127.0.0.1:%d", "users": 20,
         "actions": [{"name": "ping", "repeat": 2, "steps": [
           {"request": {"method": "GET", "url": "/api/ping", "checks": [{"status": 200}]}}]}]}
        """
            .formatted(ItStack.sut.port()));
    Ran ran =
        vox(
            dir,
            "run",
            "--local",
            plan.toString(),
            "--base-port",
            Integer.toString(freePortPair()),
            "--node-property",
            "vox.node.clock-shift-ms=-5000");
    assertEquals(0, ran.code, ran.out);
    java.util.regex.Matcher node =
        java.util.regex.Pattern.compile(
                "Node node-1: its clock is (\\d+) ms behind the master's \\(within (\\d+) ms\\)")
            .matcher(ran.out);
    assertTrue(node.find(), ran.out);
    long offset = Long.parseLong(node.group(1));
    long error = Long.parseLong(node.group(2));
    assertTrue(Math.abs(offset - 5_000) <= error + 5, "offset " + offset + " ± " + error);

    java.util.regex.Matcher delivery =
        java.util.regex.Pattern.compile(
                "(?m)^(\\d) +node-1 +20 +[0-9.]+ +[0-9.]+ +[0-9.]+ +([0-9.]+) +([0-9.]+)$")
            .matcher(ran.out);
    int actions = 0;
    while (delivery.find()) {
      actions++;
      double ms = Double.parseDouble(delivery.group(2));
      assertTrue(ms >= 0 && ms < 1_000, "a delivery on loopback: " + ms + " ms\n" + ran.out);
    }
    assertEquals(2, actions, ran.out);
    // the summary's skew99 column: from the master's command, not 5 s off
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile("(?m)^([12]) +20 +0 +(?:[0-9.-]+ +){6}([0-9.]+) ")
            .matcher(ran.out);
    int rows = 0;
    while (row.find()) {
      rows++;
      assertTrue(Double.parseDouble(row.group(2)) < 1_000, "skew99 " + row.group(2) + ran.out);
    }
    assertEquals(2, rows, ran.out);
  }

  /** What a vox command printed and its exit code. */
  private record Ran(int code, String out) {}

  /** Runs the release's {@code bin/vox} in folder {@code dir}, on this JVM's JDK. */
  private static Ran vox(Path dir, String... args) throws Exception {
    return vox(dir, null, args);
  }

  /**
   * Like {@link #vox(Path, String...)}; once what it printed passes {@code interruptWhen}, it gets
   * SIGINT, as from Ctrl-C in a terminal.
   */
  private static Ran vox(
      Path dir, java.util.function.Predicate<String> interruptWhen, String... args)
      throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(home.resolve("bin/vox").toString()));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "vox", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (interruptWhen != null) {
      boolean seen =
          Stack.await(
              java.time.Duration.ofMinutes(4),
              () -> {
                try {
                  return !p.isAlive() || interruptWhen.test(Files.readString(log));
                } catch (IOException e) {
                  return false;
                }
              });
      if (seen && p.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      }
    }
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroy(); // its shutdown hook stops the stack
      p.waitFor(1, TimeUnit.MINUTES);
      throw new AssertionError(
          "vox " + String.join(" ", args) + " did not end:\n" + Files.readString(log));
    }
    return new Ran(p.exitValue(), Files.readString(log));
  }

  /** The master and the node are stopped: their ports are free again. */
  private static void assertStackGone(int basePort, String out) {
    for (int port : List.of(basePort, basePort + 1)) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        throw new AssertionError("port " + port + " still taken after vox exited\n" + out);
      }
    }
    assertFalse(Pattern.compile("stop failed").matcher(out).find(), out);
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** A free port whose next one is free too. */
  private static int freePortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (port < 65535) {
        try (ServerSocket s = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException e) {
          // taken: another pair
        }
      }
    }
    throw new IOException("no two free ports in a row");
  }
}
