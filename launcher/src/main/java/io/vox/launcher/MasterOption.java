package io.vox.launcher;

import picocli.CommandLine.Option;

/** {@code --master URL}, shared by the commands that talk to a running master. */
final class MasterOption {
  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "${env:VOX_MASTER:-http://127.0.0.1:18080/master/}",
      description = "The master's base URL (default: $VOX_MASTER or ${DEFAULT-VALUE}).")
  String url;

  MasterClient client() {
    return new MasterClient(url);
  }
}
