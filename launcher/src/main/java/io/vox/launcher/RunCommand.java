package io.vox.launcher;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code vox run PLAN}: submits a plan, follows the run, prints the summary and exits 0 when it
 * completed and met its thresholds, 1 when it missed one, failed or was stopped, 2 on an error.
 * Ctrl-C asks the master to abort it. A feeder's {@code csvFile} is read next to the plan and sent
 * inline.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run a plan on a master; exit 0 passed, 1 thresholds missed, failed or stopped, 2 error.")
public final class RunCommand implements Callable<Integer> {
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

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    String json = PlanFiles.forSubmit(plan, out);
    if (json != null) {
      json = PlanFiles.withParams(json, params, env, out);
    }
    if (json == null) {
      return ExitCodes.ERROR;
    }
    MasterClient client = master.client();
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
    Thread stopOnInterrupt =
        new Thread(
            () -> {
              if (!finished.get()) {
                try {
                  client.stop(id, true);
                  out.println("Asked the master to abort run " + id);
                } catch (IOException | InterruptedException e) {
                  out.println("Could not stop run " + id + ": " + e.getMessage());
                }
              }
            },
            "vox-run-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    JsonObject run = new Progress(client, id, out, t0).follow();
    finished.set(true);
    Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
    long rows = client.get("api/runs/" + id + "/results?size=1").getJsonNumber("total").longValue();
    new Summary(client, out).print(run, rows);
    if (junit != null) {
      JUnitReport.write(run, (System.nanoTime() - t0) / 1e9, junit);
      out.println("JUnit XML: " + junit);
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
            r.isNull("actual") ? "no data" : r.get("actual").toString());
      }
    }
    boolean failedThresholds =
        run.containsKey("passed")
            && run.get("passed").getValueType() == jakarta.json.JsonValue.ValueType.FALSE;
    return failedThresholds ? ExitCodes.FAILED : ExitCodes.PASSED;
  }
}
