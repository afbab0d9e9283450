package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/plan.schema.json agrees with the master's validation: every example plan in docs/plans and
 * the reference test plan are valid, and every malformed test plan is rejected by the schema unless
 * its error is one only the master can see (a name not defined, a CSV row short of values...).
 */
class PlanSchemaTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = schema();

  /** Errors the schema cannot express: they need the plan's meaning, not its shape. */
  private static final List<Pattern> MASTER_ONLY =
      Stream.of(
              "is not defined",
              "known names",
              "unclosed \\$\\{",
              "empty \\$\\{\\}",
              "unique needs a row",
              "is used by another",
              "line \\d+ has",
              "column \"",
              "not valid CSV",
              "at least one row",
              "same fields as row 0",
              "must be at least minMs",
              "is given twice",
              "a pause must stand",
              "cannot be used with a pause",
              "names no action",
              "make at most",
              "not a valid JSON path",
              "not a valid regular expression",
              "is not a URL",
              "must not have a query",
              "must not be blank",
              "must be an http:// or https:// URL",
              "must be PEM certificates",
              "is not valid PEM",
              "holds no certificate",
              "cannot be used with ca",
              "must be IP addresses",
              "is not a host name",
              "is read by vox run only",
              "is not base64",
              "cannot be opened",
              "must be the PKCS#12 file")
          .map(Pattern::compile)
          .toList();

  private static JsonSchema schema() {
    try {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(Files.readString(DOCS.resolve("plan.schema.json")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Set<ValidationMessage> validate(String json) throws IOException {
    JsonNode plan = JSON.readTree(json);
    return SCHEMA.validate(plan);
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(DOCS.resolve("plans"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExamplePlanIsValid(Path plan) throws IOException {
    Set<ValidationMessage> errors = validate(Files.readString(plan));
    assertTrue(errors.isEmpty(), plan + ": " + errors);
  }

  @Test
  void theReferenceTestPlanIsValid() throws IOException {
    Set<ValidationMessage> errors = validate(PlanReaderTest.resource("base.json"));
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("io.vox.master.plan.PlanReaderTest#malformed")
  void theSchemaRejectsEachMalformedPlanItCanDescribe(
      String op, String path, String value, String field, String message) throws IOException {
    if (MASTER_ONLY.stream().anyMatch(p -> p.matcher(message).find())) {
      return;
    }
    String json = PlanReaderTest.patched(op, path, value);
    assertTrue(!validate(json).isEmpty(), "the schema accepts a plan the master refuses: " + json);
  }
}
