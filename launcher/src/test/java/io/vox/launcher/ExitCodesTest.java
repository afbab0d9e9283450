package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitCodesTest {
  @TempDir Path dir;

  /**
   * A command that throws (here: a master URL that is no URL) exits 2, an error: with picocli's
   * default, 1, a CI pipeline or the Maven plugin would read it as a missed threshold.
   */
  @Test
  void aCommandThatThrowsIsAnErrorNotAVerdict() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"name\": \"p\", \"target\": \"http://127.0.0.1:1\", \"users\": 1,"
            + " \"actions\": [{\"steps\": [{\"request\": {\"url\": \"/\"}}]}]}");
    int code =
        Vox.commandLine()
            .execute("run", plan.toString(), "--master", "http://[no-such", "--password", "x");
    assertEquals(ExitCodes.ERROR, code);
  }
}
