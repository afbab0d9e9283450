package io.vox.launcher;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vox} command. */
@Command(
    name = "vox",
    mixinStandardHelpOptions = true,
    version = "Vox Load Test 0.1.0",
    description = "Distributed load testing on Jakarta EE.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      TryCommand.class,
      ImportCommand.class,
      StatusCommand.class,
      StopCommand.class,
      ResultsCommand.class,
      IngestBenchCommand.class,
      BenchPeerCommand.class
    })
public final class Vox implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    quietLibraries();
    System.exit(commandLine().execute(args));
  }

  /** The command line of {@code vox}. */
  static CommandLine commandLine() {
    // a command that throws has failed to do what was asked: an error (2), never a verdict (1)
    return new CommandLine(new Vox()).setExitCodeExceptionMapper(t -> ExitCodes.ERROR);
  }

  /** The console is for Vox's own lines; the embedded broker and database only warn. */
  static void quietLibraries() {
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    for (Handler h : root.getHandlers()) {
      h.setLevel(Level.WARNING);
    }
    Logger.getLogger("org.apache.activemq.audit").setLevel(Level.OFF);
    // the plan schema's own keyword (errorMessage) is not one the validator knows: no news
    Logger.getLogger("com.networknt.schema").setLevel(Level.SEVERE);
  }
}
