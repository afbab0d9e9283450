package io.vox.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --master URL --user NAME --password PW}, shared by the commands that talk to a running
 * master. Without a password, the one the local demo saved for that user is taken.
 */
final class MasterOption {
  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "${env:VOX_MASTER:-http://127.0.0.1:18080/master/}",
      description = "The master's base URL (default: $VOX_MASTER or ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "${env:VOX_USER:-admin}",
      description = "Log in as this user of the master (default: $VOX_USER or ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--password",
      paramLabel = "PW",
      defaultValue = "${env:VOX_PASSWORD}",
      description =
          "The user's password (default: $VOX_PASSWORD, else the one ./vox demo saved in"
              + " .vox/demo/credentials).")
  String password;

  MasterClient client() {
    String pw = password;
    if (pw == null || pw.isEmpty()) {
      pw = StackSecrets.saved(Path.of(System.getProperty("vox.work", ".vox/demo")), user);
    }
    return new MasterClient(url, user, pw);
  }
}
