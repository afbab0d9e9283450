package io.vox.launcher;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vox stop RUN}: asks the master to stop a run. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a run.")
public final class StopCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  long runId;

  @Mixin MasterOption master;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    try {
      master.client().stop(runId);
      out.println("Run " + runId + " is stopping");
      return ExitCodes.PASSED;
    } catch (MasterClient.Refused e) {
      out.println(String.join("\n", e.errors()));
      return e.status() == 409 ? ExitCodes.FAILED : ExitCodes.ERROR;
    }
  }
}
