package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docs/CI.md's pipelines: each YAML block parses, has the shape its CI server reads, runs {@code
 * vox run} with options the CLI has, and publishes the JUnit file that run writes.
 */
class DocsCiTest {
  private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  private static List<Map<String, Object>> pipelines() throws Exception {
    Matcher m = YAML.matcher(Files.readString(Path.of("..", "docs", "CI.md")));
    List<Map<String, Object>> out = new ArrayList<>();
    while (m.find()) {
      out.add(new Yaml().load(m.group(1)));
    }
    return out;
  }

  /** The JUnit file a {@code vox/bin/vox run ...} line writes, its options checked by picocli. */
  private static String junitOf(String line) {
    String[] words = line.trim().split("\\s+");
    assertEquals("vox/bin/vox", words[0], line);
    String[] args = java.util.Arrays.copyOfRange(words, 1, words.length);
    CommandLine.ParseResult parsed = new CommandLine(new Vox()).parseArgs(args);
    CommandLine.ParseResult run = parsed.subcommand();
    assertEquals("run", run.commandSpec().name(), line);
    assertTrue(run.hasMatchedOption("--local"), line);
    return run.matchedOptionValue("--junit", (Path) null).toString();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGitHubWorkflowRunsVoxAndPublishesItsVerdict() throws Exception {
    Map<String, Object> workflow = pipelines().get(0);
    Map<String, Object> job =
        (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("load-test");
    assertEquals("ubuntu-latest", job.get("runs-on"));
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    String junit = null;
    String published = null;
    for (Map<String, Object> step : steps) {
      assertTrue(step.containsKey("uses") ^ step.containsKey("run"), "uses or run: " + step);
      if (String.valueOf(step.get("run")).startsWith("vox/bin/vox")) {
        junit = junitOf((String) step.get("run"));
      }
      if (String.valueOf(step.get("uses")).startsWith("mikepenz/action-junit-report")) {
        published = (String) ((Map<String, Object>) step.get("with")).get("report_paths");
        assertEquals("always()", step.get("if"), "a failed threshold is published too");
      }
    }
    assertEquals(junit, published, "the workflow publishes the file vox writes");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGitLabJobRunsVoxAndReportsItsVerdict() throws Exception {
    Map<String, Object> job = (Map<String, Object>) pipelines().get(1).get("load-test");
    assertTrue(String.valueOf(job.get("image")).contains("17"), "a JDK 17 image");
    List<String> script = (List<String>) job.get("script");
    String junit =
        junitOf(script.stream().filter(l -> l.startsWith("vox/bin/vox")).findFirst().orElseThrow());
    Map<String, Object> artifacts = (Map<String, Object>) job.get("artifacts");
    assertEquals("always", artifacts.get("when"));
    assertEquals(junit, ((Map<String, Object>) artifacts.get("reports")).get("junit"));
  }
}
