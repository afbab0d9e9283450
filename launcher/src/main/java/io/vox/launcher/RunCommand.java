package io.vox.launcher;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code vox run PLAN}: submits a plan, follows the run, prints the summary and exits 0 when it
 * completed and met its thresholds, 1 when it missed one, failed or was stopped, 2 on an error.
 * Ctrl-C asks the master to abort it. A feeder's {@code csvFile} is read next to the plan and sent
 * inline. With {@code --local} the command starts a stack of its own for the run (what {@code vox
 * demo} starts, without the demo API) and stops it after, keeping its database for the next.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run a plan on a master; exit 0 passed, 1 thresholds missed, failed or stopped, 2 error.")
public final class RunCommand implements Callable<Integer> {
  /**
   * How long a fresh local stack waits for its node's clock estimate: a few heartbeats, longer
   * while a cold node's compiles slow the first echoes.
   */
  static final java.time.Duration CLOCK_WAIT = java.time.Duration.ofSeconds(30);

  static final String NO_CLOCK =
      "The node has no clock estimate yet: its first action's skew counts from when it got the"
          + " command";

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan (JSON file).")
  Path plan;

  @Mixin MasterOption master;

  @picocli.CommandLine.Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description =
          "A value for the plan's parameter NAME (repeatable); VOX_PARAM_NAME in the environment"
              + " gives one too. Prefer the environment for a secret: a command line is visible"
              + " to other users of the machine.")
  java.util.Map<String, String> params = new java.util.LinkedHashMap<>();

  java.util.Map<String, String> env = System.getenv();

  @picocli.CommandLine.Option(
      names = "--junit",
      paramLabel = "FILE",
      description =
          "Also write the verdict as JUnit XML (a test case for the run completing, one per"
              + " threshold with its figure), for Jenkins, GitLab or GitHub.")
  Path junit;

  @picocli.CommandLine.Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also save the run's HTML report (the one its page links to) in FILE.")
  Path report;

  @picocli.CommandLine.Option(
      names = "--local",
      description =
          "Start a local stack on 127.0.0.1 (MariaDB, Artemis, a master and a node) for this run"
              + " and stop it after; the results stay in --keep for the next --local run.")
  boolean local;

  @picocli.CommandLine.Option(
      names = "--keep",
      paramLabel = "DIR",
      description =
          "With --local: the folder of the local stack's database, kept from run to run (default"
              + " .vox/local).")
  Path keep;

  @picocli.CommandLine.Option(
      names = "--stay",
      description =
          "With --local: keep the stack up after the run (its pages, vox status, vox results)"
              + " until Ctrl-C.")
  boolean stay;

  @picocli.CommandLine.Option(
      names = "--base-port",
      paramLabel = "PORT",
      description = "With --local: the master's HTTP port, the node's the next (default 18080).")
  Integer basePort;

  /** Settings for the local stack's node (tests: a node whose clock is shifted). */
  @picocli.CommandLine.Option(names = "--node-property", hidden = true)
  java.util.Map<String, String> nodeProperties = new java.util.LinkedHashMap<>();

  @picocli.CommandLine.Option(
      names = "--dist",
      hidden = true,
      defaultValue = "${sys:vox.dist:-launcher/target/dist}")
  Path dist;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  PrintStream out = System.out;

  /** Where {@code --local} keeps its stack by default: next to the demo's. */
  static Path defaultKeep() {
    return Path.of(System.getProperty("vox.work", ".vox/demo")).resolveSibling("local");
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    String misplaced = misplacedOption();
    if (misplaced != null) {
      out.println(misplaced);
      return ExitCodes.ERROR;
    }
    String json = PlanFiles.forSubmit(plan, out);
    if (json != null) {
      json = PlanFiles.withParams(json, params, env, out);
    }
    if (json == null) {
      return ExitCodes.ERROR;
    }
    return local ? runLocal(json, t0) : follow(master.client(), json, t0, null);
  }

  /** Why the options do not go together, or null. */
  private String misplacedOption() {
    var given = spec.commandLine().getParseResult();
    if (local) {
      for (String o : java.util.List.of("--master", "--user", "--password")) {
        if (given.hasMatchedOption(o)) {
          return o + " names a running master; --local starts its own";
        }
      }
      if (basePort != null && (basePort < 1 || basePort > 65534)) {
        return "--base-port must be between 1 and 65534";
      }
      return null;
    }
    for (String o : java.util.List.of("--keep", "--stay", "--base-port")) {
      if (given.hasMatchedOption(o)) {
        return o + " goes with --local";
      }
    }
    return null;
  }

  /** Runs {@code json} on a local stack of its own, started now and stopped after. */
  private int runLocal(String json, long t0) throws Exception {
    Path work = keep != null ? keep : defaultKeep();
    int port = basePort != null ? basePort : 18080;
    Files.createDirectories(work);
    try (FileChannel ch =
            FileChannel.open(
                work.resolve(LocalStack.LOCK_FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      if (lock == null) {
        out.println(
            "A local stack is already running in "
                + work
                + "; wait for it, or give this run another --keep.");
        return ExitCodes.BUSY;
      }
      for (int p : java.util.List.of(port, port + 1)) {
        if (LocalStack.busy(p)) {
          out.println("Port " + p + " on 127.0.0.1 is in use; free it or pass --base-port.");
          return ExitCodes.BUSY;
        }
      }
      Deque<AutoCloseable> started = LocalStack.registry();
      AtomicReference<Runnable> abort = new AtomicReference<>(() -> {});
      CountDownLatch stopped = new CountDownLatch(1);
      AtomicBoolean stopping = new AtomicBoolean();
      // one stop for Ctrl-C and the normal end, whichever comes first; the other waits for it
      Runnable stop =
          () -> {
            if (!stopping.compareAndSet(false, true)) {
              return;
            }
            try {
              abort.get().run(); // before the stack goes: the run ends STOPPED, not RUNNING
            } catch (RuntimeException e) {
              out.println("Could not abort the run: " + e);
            } finally {
              out.println("Stopping the local stack ...");
              LocalStack.stop(started, out);
              stopped.countDown();
            }
          };
      Thread hook = new Thread(stop, "vox-local-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        out.println("Starting a local stack in " + work.toAbsolutePath() + " ...");
        MasterClient client;
        LocalStack stack;
        try {
          stack = LocalStack.startKeepingResults(dist, work, port, started, nodeProperties);
          client = stack.client();
          if (!client.awaitNodes(java.time.Duration.ofMinutes(2), CLOCK_WAIT)) {
            out.println(NO_CLOCK);
          }
          abortLeftovers(client);
        } catch (Exception e) {
          out.println(
              "The local stack did not start: "
                  + e.getMessage()
                  + " (logs: "
                  + work.resolve("master").resolve("master.log")
                  + ", "
                  + work.resolve("node").resolve("node.log")
                  + ")");
          return ExitCodes.ERROR;
        }
        out.printf("Local stack up in %.1f s: %s%n", DemoCommand.seconds(t0), client.base());
        int code = follow(client, json, t0, abort);
        out.println(
            "The runs stay in "
                + work.resolve(LocalStack.DATABASE_DIR)
                + " for the next --local run here (--stay keeps the stack up to see them)");
        if (stay) {
          out.printf(
              "The stack stays up: %s (log in as admin / %s); press Ctrl-C to stop it.%n",
              client.base(), stack.secrets.adminPassword());
          stopped.await();
        }
        return code;
      } finally {
        stop.run();
        stopped.await(); // the lock is held until the stack is down
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook is the one stopping
        }
      }
    }
  }

  /**
   * Aborts the runs an earlier stack in this folder left active (it was killed): its master would
   * otherwise take them up again, against their old targets.
   */
  private void abortLeftovers(MasterClient client) throws IOException, InterruptedException {
    for (JsonObject run : client.runs(100)) {
      if (Progress.ACTIVE.contains(run.getString("state"))) {
        long id = run.getJsonNumber("id").longValue();
        client.stop(id, true);
        out.println(
            "Run " + id + " was left " + run.getString("state") + " by an earlier stack: aborted");
      }
    }
  }

  /**
   * Submits {@code json} to {@code client}'s master and follows the run to its end. Ctrl-C asks the
   * master to abort it: from a hook of its own when {@code abort} is null, else from the hook that
   * {@code abort} gets.
   */
  private int follow(MasterClient client, String json, long t0, AtomicReference<Runnable> abort)
      throws Exception {
    long id;
    try {
      JsonObject created = client.submitted(json);
      id = created.getJsonNumber("id").longValue();
      if (created.get("warnings") instanceof jakarta.json.JsonArray warnings) {
        warnings
            .getValuesAs(jakarta.json.JsonString.class)
            .forEach(w -> out.println("Warning: " + w.getString()));
      }
    } catch (MasterClient.Refused e) {
      out.println("The master refused the plan (HTTP " + e.status() + "):");
      e.errors().forEach(err -> out.println("  " + err));
      return ExitCodes.ERROR;
    } catch (ConnectException e) {
      out.println("No master at " + client.base() + " (" + e + ")");
      return ExitCodes.ERROR;
    }
    out.println("Run " + id + " submitted to " + client.base());
    AtomicBoolean finished = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (!finished.get()) {
            try {
              client.stop(id, true);
              out.println("Asked the master to abort run " + id);
              if (abort != null) {
                awaitEnd(client, id); // the stack stops next
              }
            } catch (IOException | InterruptedException e) {
              out.println("Could not stop run " + id + ": " + e.getMessage());
            }
          }
        };
    Thread stopOnInterrupt = new Thread(stop, "vox-run-stop");
    if (abort == null) {
      Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    } else {
      abort.set(stop);
    }
    JsonObject run = new Progress(client, id, out, t0).follow();
    finished.set(true);
    if (abort == null) {
      Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
    }
    long rows = client.get("api/runs/" + id + "/results?size=1").getJsonNumber("total").longValue();
    new Summary(client, out).print(run, rows);
    if (junit != null) {
      JUnitReport.write(run, (System.nanoTime() - t0) / 1e9, junit);
      out.println("JUnit XML: " + junit);
    }
    if (report != null) {
      saveReport(client, id);
    }
    if (!"COMPLETED".equals(run.getString("state"))) {
      return ExitCodes.FAILED;
    }
    if (run.containsKey("thresholds") && !run.isNull("thresholds")) {
      out.println("Thresholds:");
      for (var t : run.getJsonArray("thresholds")) {
        JsonObject r = t.asJsonObject();
        out.printf(
            "  %-4s %s (actual %s)%n",
            r.getBoolean("passed") ? "ok" : "FAIL",
            r.getString("threshold"),
            JUnitReport.figure(r));
      }
    }
    boolean failedThresholds =
        run.containsKey("passed")
            && run.get("passed").getValueType() == jakarta.json.JsonValue.ValueType.FALSE;
    return failedThresholds ? ExitCodes.FAILED : ExitCodes.PASSED;
  }

  /** Writes run {@code id}'s HTML report to {@code report}; a failure to fetch it is only told. */
  private void saveReport(MasterClient client, long id) throws IOException, InterruptedException {
    Path parent = report.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path partial = report.resolveSibling(report.getFileName() + ".part");
    try (var o = Files.newOutputStream(partial)) {
      client.download("api/runs/" + id + "/report", o);
    } catch (MasterClient.Refused e) {
      Files.deleteIfExists(partial);
      out.println("Could not fetch the HTML report (HTTP " + e.status() + "): " + e.errors());
      return;
    } catch (IOException e) {
      // the verdict stands without the report: said, not turned into an error
      Files.deleteIfExists(partial);
      out.println("Could not save the HTML report to " + report + ": " + e);
      return;
    }
    Files.move(partial, report, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    out.println("HTML report: " + report);
  }

  /** Waits up to 30 s for run {@code id} to end, so that it is not left RUNNING. */
  private static void awaitEnd(MasterClient client, long id)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < until) {
      if (!Progress.ACTIVE.contains(client.get("api/runs/" + id).getString("state"))) {
        return;
      }
      Thread.sleep(250);
    }
  }
}
