package io.vox.master.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/plan.schema.json is the plan's one description: it is a valid 2020-12 schema, the master
 * packages it as it is, every example plan in docs/plans fits it, and what it reports reaches a
 * plan's author in words, never in the validator's jargon.
 */
class PlanSchemaTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JARGON =
      Pattern.compile("schema|\\$ref|\\$\\.|regex pattern|valid to|properties|Exception");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(DOCS.resolve("plans"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void theSchemaIsAValid2020_12Schema() throws IOException {
    JsonNode schema = JSON.readTree(DOCS.resolve("plan.schema.json").toFile());
    var meta =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertEquals(List.of(), List.copyOf(meta.validate(schema)));
  }

  @Test
  void theMasterPackagesTheSchemaOfTheDocs() throws IOException {
    try (InputStream in = PlanSchema.class.getResourceAsStream(PlanSchema.RESOURCE)) {
      assertEquals(JSON.readTree(DOCS.resolve("plan.schema.json").toFile()), JSON.readTree(in));
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExamplePlanFitsTheSchema(Path plan) throws IOException {
    assertEquals(List.of(), PlanSchema.errors(JSON.readTree(plan.toFile())), plan.toString());
  }

  @Test
  void theReferenceTestPlanFitsTheSchema() throws IOException {
    assertEquals(List.of(), PlanSchema.errors(JSON.readTree(PlanReaderTest.resource("base.json"))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("io.vox.master.plan.PlanReaderTest#malformed")
  void everyErrorIsWordedForThePlansAuthor(
      String op, String path, String value, String field, String message) throws IOException {
    List<FieldError> errors =
        PlanSchema.errors(JSON.readTree(PlanReaderTest.patched(op, path, value)));
    for (FieldError e : errors) {
      assertTrue(e.field().isEmpty() || e.field().startsWith("/"), "a JSON pointer: " + e.field());
      assertTrue(!JARGON.matcher(e.message()).find(), "validator jargon: " + e);
    }
  }
}
