package io.vox.master.plan;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plan as the admin form edits it: the plan's top fields (name, target, users, minNodes) each in
 * its own input, so their errors show beside them, and the rest of the document (connect, actions,
 * thresholds ...) as JSON. {@link #split} and {@link #join} convert between the two; the joined
 * document is what {@link PlanReader} validates and what is stored.
 */
public final class PlanForm {
  /** The plan members the form shows as their own inputs, by JSON pointer. */
  public static final List<String> FIELDS = List.of("/name", "/target", "/users", "/minNodes");

  /** The form's text: each top field as typed, and the rest of the plan as a JSON object. */
  public record Fields(String name, String target, String users, String minNodes, String rest) {}

  private PlanForm() {}

  /** The form of a stored (valid) plan document. */
  public static Fields split(String json) {
    JsonObject plan;
    try (var reader = Json.createReader(new StringReader(json))) {
      plan = reader.readObject();
    }
    JsonObjectBuilder rest = Json.createObjectBuilder();
    for (Map.Entry<String, JsonValue> e : plan.entrySet()) {
      if (!FIELDS.contains("/" + e.getKey())) {
        rest.add(e.getKey(), e.getValue());
      }
    }
    return new Fields(
        text(plan.get("name")),
        text(plan.get("target")),
        text(plan.get("users")),
        text(plan.get("minNodes")),
        pretty(rest.build()));
  }

  /**
   * The plan document of a filled-in form: the top fields first, then the rest's members (a top
   * field in the rest is overridden by its input).
   *
   * @throws InvalidPlanException naming each input that cannot be part of a plan: no name, a count
   *     that is not a whole number, a rest that is not a JSON object
   */
  public static String join(Fields f) {
    List<FieldError> errors = new ArrayList<>();
    JsonObjectBuilder plan = Json.createObjectBuilder();
    if (blank(f.name())) {
      errors.add(new FieldError("/name", "is required: a name to find the plan by"));
    } else {
      plan.add("name", f.name().strip());
    }
    if (!blank(f.target())) {
      plan.add("target", f.target().strip());
    }
    whole(plan, errors, "users", f.users());
    whole(plan, errors, "minNodes", f.minNodes());
    JsonObject rest = JsonValue.EMPTY_JSON_OBJECT;
    if (!blank(f.rest())) {
      try (var reader = Json.createReader(new StringReader(f.rest()))) {
        JsonValue v = reader.readValue();
        if (v instanceof JsonObject o) {
          rest = o;
        } else {
          errors.add(new FieldError("", "the rest of the plan must be a JSON object { ... }"));
        }
      } catch (JsonParsingException e) {
        errors.add(new FieldError("", "the rest of the plan is not valid JSON: " + e.getMessage()));
      } catch (jakarta.json.JsonException e) {
        errors.add(new FieldError("", "the rest of the plan is not valid JSON"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidPlanException(errors);
    }
    rest.forEach(
        (k, v) -> {
          if (!FIELDS.contains("/" + k)) {
            plan.add(k, v);
          }
        });
    return pretty(plan.build());
  }

  private static void whole(JsonObjectBuilder plan, List<FieldError> errors, String key, String v) {
    if (blank(v)) {
      return;
    }
    try {
      plan.add(key, Long.parseLong(v.strip().replace(",", "").replace("_", "")));
    } catch (NumberFormatException e) {
      errors.add(new FieldError("/" + key, "must be a whole number, not '" + v.strip() + "'"));
    }
  }

  private static String text(JsonValue v) {
    if (v == null) {
      return "";
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonNumber n) {
      return n.toString();
    }
    return v.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String pretty(JsonObject o) {
    StringWriter out = new StringWriter();
    try (JsonWriter w =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
      w.writeObject(o);
    }
    return out.toString().strip();
  }
}
