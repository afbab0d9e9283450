package io.vox.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vox} command. */
@Command(
    name = "vox",
    mixinStandardHelpOptions = true,
    version = "Vox Load Test 0.1.0",
    description = "Distributed load testing on Jakarta EE.",
    subcommands = {DemoCommand.class})
public final class Vox implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Vox()).execute(args));
  }
}
