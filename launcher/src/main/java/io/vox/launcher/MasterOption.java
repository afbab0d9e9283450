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
              + " .vox/demo/credentials, or ./vox run --local in .vox/local/credentials).")
  String password;

  MasterClient client() {
    String pw = password;
    if (pw == null || pw.isEmpty()) {
      pw = savedPassword(url, user);
    }
    return new MasterClient(url, user, pw);
  }

  /**
   * The password of {@code user} that the local stack of {@code ./vox demo} or {@code ./vox run
   * --local} saved for the master at {@code url}; the demo's when neither names that master.
   */
  static String savedPassword(String url, String user) {
    Path demo = Path.of(System.getProperty("vox.work", ".vox/demo"));
    String wanted = url.endsWith("/") ? url : url + "/";
    for (Path work : java.util.List.of(demo, RunCommand.defaultKeep())) {
      if (wanted.equals(StackSecrets.saved(work, StackSecrets.MASTER))) {
        return StackSecrets.saved(work, user);
      }
    }
    return StackSecrets.saved(demo, user);
  }
}
