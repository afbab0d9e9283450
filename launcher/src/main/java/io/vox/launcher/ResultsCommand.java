package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vox results RUN --format csv|json}: every result row of a run, written page by page (never
 * all in memory) to standard output or {@code --out}.
 */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = "Export a run's result rows as CSV or JSON.")
public final class ResultsCommand implements Callable<Integer> {
  private static final int PAGE = 10_000;

  /** Export formats. */
  enum Format {
    csv,
    json
  }

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  long runId;

  @Option(names = "--format", defaultValue = "csv", description = "csv or json (default csv).")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path outFile;

  @Mixin MasterOption master;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    MasterClient client = master.client();
    try (Writer w =
        outFile == null
            ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(outFile)) {
      if (format == Format.csv) {
        w.write("run,action,user,node,intended_us,start_us,latency_us,status,error\n");
        for (int page = 0; ; page++) {
          JsonObject p = page(client, page);
          for (JsonValue v : p.getJsonArray("rows")) {
            JsonObject r = v.asJsonObject();
            w.write(
                runId
                    + ","
                    + r.getInt("action")
                    + ","
                    + r.getJsonNumber("user")
                    + ","
                    + csv(r.getString("nodeId"))
                    + ","
                    + r.getJsonNumber("intendedUs")
                    + ","
                    + r.getJsonNumber("startUs")
                    + ","
                    + r.getJsonNumber("latencyUs")
                    + ","
                    + r.getInt("status")
                    + ","
                    + csv(r.getString("error", ""))
                    + "\n");
          }
          if (last(p, page)) {
            break;
          }
        }
      } else {
        try (JsonGenerator g = Json.createGenerator(w)) {
          g.writeStartArray();
          for (int page = 0; ; page++) {
            JsonObject p = page(client, page);
            p.getJsonArray("rows").forEach(g::write);
            if (last(p, page)) {
              break;
            }
          }
          g.writeEnd();
        }
      }
      w.flush();
      return ExitCodes.PASSED;
    } catch (MasterClient.Refused e) {
      System.err.println(String.join("\n", e.errors()));
      return ExitCodes.ERROR;
    }
  }

  private JsonObject page(MasterClient client, int page) throws Exception {
    return client.get("api/runs/" + runId + "/results?page=" + page + "&size=" + PAGE);
  }

  private static boolean last(JsonObject p, int page) {
    return (long) (page + 1) * PAGE >= p.getJsonNumber("total").longValue();
  }

  static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
