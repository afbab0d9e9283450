package io.vox.launcher;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vox results RUN --format csv|json|html}: every result row of a run as CSV or JSON,
 * streamed from the master's export (never all in memory), or the run's self-contained HTML report;
 * to standard output or {@code --out}.
 */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = "Export a run's result rows as CSV or JSON, or its HTML report.")
public final class ResultsCommand implements Callable<Integer> {
  /** Export formats. */
  enum Format {
    csv,
    json,
    html
  }

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  long runId;

  @Option(
      names = "--format",
      defaultValue = "csv",
      description = "csv, json (every row) or html (the report) (default csv).")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path outFile;

  @Mixin MasterOption master;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    MasterClient client = master.client();
    String path =
        format == Format.html
            ? "api/runs/" + runId + "/report"
            : "api/runs/" + runId + "/export?format=" + format;
    try {
      if (outFile == null) {
        OutputStream o = new BufferedOutputStream(out); // not closed: it is standard output
        client.download(path, o);
      } else {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(outFile))) {
          client.download(path, o);
        }
      }
      return ExitCodes.PASSED;
    } catch (MasterClient.Refused e) {
      System.err.println(String.join("\n", e.errors()));
      return ExitCodes.ERROR;
    }
  }
}
