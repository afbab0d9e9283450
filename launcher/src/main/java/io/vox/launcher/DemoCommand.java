package io.vox.launcher;

import jakarta.json.JsonObject;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vox demo}: starts Artemis, MariaDB, the demo API, a master and a node on loopback, runs a
 * demo plan, prints progress and a summary, then keeps the stack up until Ctrl-C (or stops it with
 * {@code --exit}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a demo load test on a local stack (all on 127.0.0.1).")
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--users",
      defaultValue = "10000",
      description = "Users (default ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--actions",
      defaultValue = "3",
      description = "Bulk actions (default ${DEFAULT-VALUE}).")
  int actions;

  @Option(names = "--exit", description = "Stop everything after the run; exit 0 if it completed.")
  boolean exit;

  @Option(names = "--dist", hidden = true, defaultValue = "${sys:vox.dist:-launcher/target/dist}")
  Path dist;

  @Option(names = "--work", hidden = true, defaultValue = "${sys:vox.work:-.vox/demo}")
  Path work;

  @Option(
      names = "--base-port",
      defaultValue = "18080",
      description = "Master HTTP port; node +1, demo API +220, broker 61617, DB 13306.")
  int basePort;

  @Option(names = "--broker-port", hidden = true, defaultValue = "61617")
  int brokerPort;

  @Option(names = "--db-port", hidden = true, defaultValue = "13306")
  int dbPort;

  private final PrintStream out = System.out;
  private final Deque<AutoCloseable> started = LocalStack.registry();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    if (users < 1 || actions < 1) {
      out.println("--users and --actions must be at least 1");
      return ExitCodes.ERROR;
    }
    Files.createDirectories(work.getParent() == null ? Path.of(".") : work.getParent());
    Path lockFile = work.resolveSibling("demo.lock");
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      if (lock == null) {
        out.println(
            "A Vox demo is already running ("
                + Files.readString(lockFile.resolveSibling("demo.pid")).trim()
                + "). Stop it with Ctrl-C in its terminal first.");
        return ExitCodes.BUSY;
      }
      Files.writeString(
          lockFile.resolveSibling("demo.pid"),
          "pid "
              + ProcessHandle.current().pid()
              + ", admin http://127.0.0.1:"
              + basePort
              + "/master/");
      return runDemo(t0);
    }
  }

  private int runDemo(long t0) throws Exception {
    for (int busy : java.util.List.of(basePort, basePort + 1, basePort + 220, brokerPort, dbPort)) {
      if (LocalStack.busy(busy)) {
        out.println("Port " + busy + " on 127.0.0.1 is in use; free it or pass --base-port.");
        return ExitCodes.BUSY;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> stopAll(stopped), "vox-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("Starting the local stack in " + work.toAbsolutePath() + " ...");
    LocalStack stack = LocalStack.startDemo(dist, work, basePort, brokerPort, dbPort, started);
    EmbeddedDatabase db = stack.db;
    PayaraProcess master = stack.master;
    PayaraProcess node = stack.node;
    int sutPort = stack.sut.port();
    MasterClient client = stack.client();
    if (!client.awaitNodes(Duration.ofMinutes(2), RunCommand.CLOCK_WAIT)) {
      out.println(RunCommand.NO_CLOCK);
    }
    out.printf(
        "Stack up in %.1f s: master pid %d, node pid %d, demo API http://127.0.0.1:%d%n",
        seconds(t0), master.pid(), node.pid(), sutPort);
    long runId = client.submit(plan(sutPort));
    out.printf("Run %d: %d users, %d bulk actions%n", runId, users, actions);
    JsonObject run = new Progress(client, runId, out, t0).follow();
    long rows = rowCount(db.jdbcUrl(), runId);
    new Summary(client, out).print(run, rows);
    boolean ok = "COMPLETED".equals(run.getString("state")) && rows == (long) users * actions;
    out.printf(
        "Run wall time %.1f s; peak RSS master %d MiB, node %d MiB%n",
        (run.getJsonNumber("endedAtMs").longValue() - run.getJsonNumber("createdAtMs").longValue())
            / 1000.0,
        master.peakRssMib(),
        node.peakRssMib());
    out.printf(
        "Admin pages: %s   REST: %sapi/runs/%d%n", master.baseUrl(), master.baseUrl(), runId);
    out.printf(
        "Log in as admin / %s (read only: viewer / %s); saved in %s%n",
        stack.secrets.adminPassword(), stack.secrets.viewerPassword(), work.resolve("credentials"));
    if (exit) {
      Runtime.getRuntime().removeShutdownHook(hook);
      stopAll(stopped);
      return ok ? 0 : 1;
    }
    out.println("The stack stays up; press Ctrl-C to stop it.");
    stopped.await();
    return ok ? 0 : 1;
  }

  private String plan(int sutPort) {
    return """
        {"name": "demo",
         "target": "http://127.0.0.1:%d",
         "users": %d,
         "connect": [
           {"request": {"method": "POST", "url": "/api/login",
                        "json": {"user": "user-${user}"},
                        "extract": [{"name": "token", "jsonPath": "$.token"}]}}],
         "actions": [
           {"name": "post", "repeat": %d, "steps": [
             {"request": {"method": "POST", "url": "/api/messages",
                          "headers": {"Authorization": "Bearer ${token}"},
                          "json": {"text": "hello from ${user}, action ${action}"},
                          "checks": [{"status": 201}]}}]}]}
        """
        .formatted(sutPort, users, actions);
  }

  static long rowCount(String jdbcUrl, long runId) throws Exception {
    try (var c = DriverManager.getConnection(jdbcUrl, "vox", "vox");
        var s = c.prepareStatement("SELECT COUNT(*) FROM vox_result WHERE run_id = ?")) {
      s.setLong(1, runId);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private void stopAll(CountDownLatch stopped) {
    out.println("Stopping the stack ...");
    LocalStack.stop(started, out);
    stopped.countDown();
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
