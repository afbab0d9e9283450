package io.vox.launcher;

import jakarta.json.JsonObject;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vox status [RUN]}: one run's state and per-action figures, or the latest runs. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a run (or the latest runs) and the live nodes.")
public final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "A run id.")
  Long runId;

  @Mixin MasterOption master;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    MasterClient client = master.client();
    try {
      if (runId != null) {
        JsonObject run = client.get("api/runs/" + runId);
        long rows =
            client.get("api/runs/" + runId + "/results?size=1").getJsonNumber("total").longValue();
        new Summary(client, out).print(run, rows);
        return ExitCodes.PASSED;
      }
      out.println("Live nodes: " + client.liveNodes());
      out.printf("%-6s %-20s %-10s %9s %8s%n", "run", "name", "state", "users", "action");
      for (JsonObject r : client.runs(20)) {
        out.printf(
            "%-6d %-20s %-10s %9d %4d/%-3d%n",
            r.getJsonNumber("id").longValue(),
            r.getString("name"),
            r.getString("state"),
            r.getInt("users"),
            r.getInt("currentAction"),
            r.getInt("actions"));
      }
      return ExitCodes.PASSED;
    } catch (MasterClient.Refused e) {
      out.println(String.join("\n", e.errors()));
      return ExitCodes.ERROR;
    }
  }
}
