package io.vox.launcher;

import io.vox.master.plan.FieldError;
import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanReader;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vox import har FILE}: a browser's recording as a plan, on standard output. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Turn a recording into a plan.",
    subcommands = {ImportCommand.Har.class})
public final class ImportCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** {@code vox import har}. */
  @Command(
      name = "har",
      mixinStandardHelpOptions = true,
      description =
          "A HAR file (DevTools' \"Save all as HAR\", Playwright's recordHar) as a plan on standard"
              + " output; what was left out or guessed goes to standard error. Exit 0, 2 on an"
              + " error.")
  public static final class Har implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The HAR file.")
    Path file;

    @Option(
        names = "--host",
        paramLabel = "HOST",
        description =
            "Keep the requests to HOST (or HOST:PORT); repeatable. Default: the first request's.")
    List<String> hosts = new java.util.ArrayList<>();

    @Option(names = "--assets", description = "Keep scripts, styles, images and fonts too.")
    boolean assets;

    @Option(names = "--name", description = "The plan's name (default: the file's).")
    String name;

    @Option(names = "--users", defaultValue = "1", description = "Users (default 1).")
    int users;

    @Option(
        names = "--target",
        paramLabel = "URL",
        description = "The plan's target instead of the recorded origin (e.g. a test system).")
    String target;

    @Option(
        names = "--out",
        paramLabel = "PLAN",
        description = "Write the plan here, not to stdout.")
    Path outFile;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        err.println("No file " + file);
        return ExitCodes.ERROR;
      }
      if (users < 1) {
        err.println("--users must be at least 1");
        return ExitCodes.ERROR;
      }
      String planName =
          name != null ? name : file.getFileName().toString().replaceAll("(?i)\\.har$", "");
      if (target != null && !target.matches("https?://[^/?#\\s]+/?")) {
        err.println("--target must be a scheme and a host, e.g. https://staging.example:8443");
        return ExitCodes.ERROR;
      }
      HarImport.Result result;
      try {
        result =
            HarImport.convert(
                Files.readString(file),
                new HarImport.Options(planName, users, hosts, assets, target));
      } catch (IOException | RuntimeException e) { // a HAR lacking what a browser always records
        err.println("Cannot read " + file + " as a HAR file: " + e);
        return ExitCodes.ERROR;
      }
      String json = pretty(result.plan());
      try {
        new PlanReader().read(json); // what the master would say of it
      } catch (InvalidPlanException e) {
        err.println("The plan made of " + file + " is not valid (please report it):");
        for (FieldError f : e.errors()) {
          err.println("  " + f.field() + ": " + f.message());
        }
        return ExitCodes.ERROR;
      }
      result.notes().forEach(n -> err.println("Note: " + n));
      if (outFile != null) {
        try {
          Files.writeString(outFile, json);
        } catch (IOException e) {
          err.println("Cannot write " + outFile + ": " + e.getMessage());
          return ExitCodes.ERROR;
        }
        err.println("Plan written to " + outFile);
      } else {
        out.print(json);
      }
      return ExitCodes.PASSED;
    }

    private static String pretty(JsonObject plan) {
      StringWriter w = new StringWriter();
      try (var writer =
          Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(w)) {
        writer.write(plan);
      }
      return w.toString().strip() + "\n";
    }
  }
}
