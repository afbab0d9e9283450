package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The release's own files (launcher/src/release): its post-boot file is the one every local stack
 * boots Payara with, and its {@code bin/vox} is a valid script. The archive itself is unpacked and
 * run by LocalRunIT.
 */
class ReleaseFilesTest {
  private static final Path RELEASE = Path.of("src", "release");

  @Test
  void thePostBootFileIsTheOneLocalStacksBootWith() throws Exception {
    assertEquals(
        PayaraProcess.postBootCommands(
            PayaraProcess.ENV_BROKER_HOST,
            PayaraProcess.ENV_BROKER_PORT,
            PayaraProcess.ENV_CREDENTIALS),
        Files.readAllLines(RELEASE.resolve("deploy/post-boot.txt")));
  }

  @Test
  void binVoxIsAValidScriptThatRunsTheCli() throws Exception {
    Path script = RELEASE.resolve("bin/vox");
    Process sh =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    assertEquals(0, sh.waitFor(), new String(sh.getInputStream().readAllBytes()));
    String text = Files.readString(script);
    assertEquals(true, text.contains(Vox.class.getName()), text);
    assertEquals(true, Files.isExecutable(script), "bin/vox is executable in the repository");
  }
}
