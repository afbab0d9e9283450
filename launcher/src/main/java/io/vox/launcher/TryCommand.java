package io.vox.launcher;

import io.vox.master.plan.FieldError;
import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanReader;
import io.vox.master.run.RunPlan;
import io.vox.node.trial.LocalRun;
import io.vox.node.trial.TracePrinter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vox try PLAN}: runs a plan here, with the node's engine and no broker, database or master,
 * for one user by default, and prints every request it makes: what was sent, what came back, where
 * the time went, and each check and extraction. For getting a plan right before a big run.
 */
@Command(
    name = "try",
    description = {
      "Run a plan here for a few users (1 by default) and print every request: headers, body,",
      "timings, each check and extraction. Exit 0 when every check passed, 1 when one failed,",
      "2 for a plan the master would refuse."
    })
final class TryCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PLAN", description = "the plan (JSON); csvFile and caFile next to it")
  Path plan;

  @Option(
      names = "--users",
      defaultValue = "1",
      description = "users to run (default 1, at most 100)")
  int users;

  @Option(
      names = "--action",
      description = "run only this action (by name) after the connect steps; default all")
  String action;

  @Option(
      names = "--body-chars",
      defaultValue = "600",
      description = "characters of each body to print (default 600)")
  int bodyChars;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description =
          "a value for the plan's parameter NAME (repeatable); VOX_PARAM_NAME in the environment"
              + " gives one too")
  java.util.Map<String, String> params = new java.util.LinkedHashMap<>();

  java.util.Map<String, String> env = System.getenv();

  private final PrintStream out;

  TryCommand() {
    this(System.out);
  }

  TryCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (users < 1 || users > 100) {
      out.println("--users must be 1 to 100");
      return ExitCodes.ERROR;
    }
    String json = PlanFiles.forSubmit(plan, out);
    if (json != null) {
      json = PlanFiles.withParams(json, params, env, out);
    }
    if (json == null) {
      return ExitCodes.ERROR;
    }
    RunPlan read;
    try {
      read = new PlanReader().read(json);
    } catch (InvalidPlanException e) {
      out.println("The plan is not valid:");
      for (FieldError err : e.errors()) {
        out.println("  " + (err.field().isEmpty() ? "(plan)" : err.field()) + ": " + err.message());
      }
      return ExitCodes.ERROR;
    }
    // the trace prints the headers and bodies that carry the secrets; the results' errors come
    // masked by the engine
    io.vox.messaging.scenario.Masker masker =
        io.vox.messaging.scenario.Masker.of(read.params().secrets().values());
    read.warnings().forEach(w -> out.println("Warning: " + w));
    java.util.concurrent.ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "vox-try");
          t.setDaemon(true);
          return t;
        };
    try (LocalRun run =
        new LocalRun(
            read.target(),
            read.requestTimeoutMs(),
            read.maxDurationMs(),
            read.scenario(),
            read.params().secrets(),
            users,
            new TracePrinter(out, bodyChars, masker),
            daemons,
            Long.MAX_VALUE)) {
      return run.run(action, out) ? ExitCodes.PASSED : ExitCodes.FAILED;
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return ExitCodes.ERROR;
    }
  }
}
