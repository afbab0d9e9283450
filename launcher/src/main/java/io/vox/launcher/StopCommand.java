package io.vox.launcher;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vox stop RUN [--abort]}: asks the master to stop a run after the action under way, or to
 * abort it now.
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = "Stop a run once the action under way is complete (--abort: now).")
public final class StopCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  long runId;

  @Option(
      names = "--abort",
      description = "End the run now: users stop at once, results in flight are not stored.")
  boolean abort;

  @Mixin MasterOption master;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    try {
      master.client().stop(runId, abort);
      out.println("Run " + runId + (abort ? " is aborting" : " stops after the action under way"));
      return ExitCodes.PASSED;
    } catch (MasterClient.Refused e) {
      out.println(String.join("\n", e.errors()));
      return e.status() == 409 ? ExitCodes.FAILED : ExitCodes.ERROR;
    }
  }
}
