package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares a plan file for the master, which only takes one JSON document: each feeder's {@code
 * csvFile} (a path relative to the plan) is read and sent as {@code csv}.
 */
final class PlanFiles {
  private PlanFiles() {}

  /**
   * The plan at {@code plan} with its feeder files inlined.
   *
   * @throws IOException when the plan or a feeder file cannot be read
   * @throws jakarta.json.JsonException when the plan is not a JSON object
   */
  static String inline(Path plan) throws IOException {
    String text = Files.readString(plan);
    JsonObject root = Json.createReader(new StringReader(text)).readObject();
    if (!(root.get("feeders") instanceof jakarta.json.JsonArray feeders)
        || feeders.stream().noneMatch(f -> f instanceof JsonObject o && o.containsKey("csvFile"))) {
      return text;
    }
    JsonArrayBuilder inlined = Json.createArrayBuilder();
    for (JsonValue f : feeders) {
      if (f instanceof JsonObject o && o.get("csvFile") instanceof jakarta.json.JsonString file) {
        Path csv = plan.toAbsolutePath().getParent().resolve(file.getString());
        JsonObjectBuilder b = Json.createObjectBuilder(o).remove("csvFile");
        inlined.add(b.add("csv", Files.readString(csv)));
      } else {
        inlined.add(f);
      }
    }
    return Json.createObjectBuilder(root).add("feeders", inlined).build().toString();
  }
}
