package io.vox.master.plan;

import io.vox.master.run.RunPlan;
import io.vox.messaging.HttpStep;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a plan from JSON and checks every field, collecting all errors before it fails. Unknown
 * fields are errors, so a typo never silently falls back to a default.
 */
public final class PlanReader {
  public static final int MAX_USERS = 10_000_000;
  private static final Set<String> PLAN_FIELDS =
      Set.of(
          "name",
          "target",
          "users",
          "actions",
          "minNodes",
          "requestTimeoutMs",
          "connect",
          "action");
  private static final Set<String> STEP_FIELDS = Set.of("method", "path", "body", "tokenField");
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  /** Parses and validates {@code json}; throws {@link InvalidPlanException} naming each error. */
  public RunPlan read(String json) {
    JsonObject o = parse(json);
    List<FieldError> errors = new ArrayList<>();
    unknown(o, PLAN_FIELDS, "", errors);
    String name = string(o, "name", "", errors, false, "run");
    if (name != null && name.length() > 200) {
      errors.add(new FieldError("/name", "must be at most 200 characters"));
    }
    String target = string(o, "target", "", errors, true, null);
    if (target != null) {
      checkTarget(target, errors);
    }
    int users = integer(o, "users", "", errors, true, 0, 1, MAX_USERS);
    int actions = integer(o, "actions", "", errors, false, 1, 1, 10_000);
    int minNodes = integer(o, "minNodes", "", errors, false, 1, 1, 10_000);
    int timeout = integer(o, "requestTimeoutMs", "", errors, false, 10_000, 1, 600_000);
    HttpStep connect = step(o, "connect", errors, false);
    HttpStep action = step(o, "action", errors, true);
    if (!errors.isEmpty()) {
      throw new InvalidPlanException(errors);
    }
    return new RunPlan(name, target, users, actions, minNodes, timeout, connect, action);
  }

  private static JsonObject parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidPlanException(List.of(new FieldError("", "body must be a JSON plan")));
    }
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonValue v = reader.readValue();
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new InvalidPlanException(List.of(new FieldError("", "must be a JSON object")));
      }
      return v.asJsonObject();
    } catch (JsonParsingException e) {
      throw new InvalidPlanException(
          List.of(new FieldError("", "not valid JSON: " + e.getMessage())));
    } catch (jakarta.json.JsonException e) {
      throw new InvalidPlanException(List.of(new FieldError("", "not valid JSON")));
    }
  }

  private static void checkTarget(String target, List<FieldError> errors) {
    try {
      URI uri = new URI(target);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        errors.add(new FieldError("/target", "must be an http:// URL with a host"));
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        errors.add(new FieldError("/target", "must not have a query or fragment"));
      }
    } catch (URISyntaxException e) {
      errors.add(new FieldError("/target", "is not a URL: " + e.getReason()));
    }
  }

  private static HttpStep step(
      JsonObject o, String field, List<FieldError> errors, boolean required) {
    String at = "/" + field;
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        errors.add(new FieldError(at, "is required"));
      }
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(new FieldError(at, "must be an object"));
      return null;
    }
    JsonObject s = v.asJsonObject();
    unknown(s, STEP_FIELDS, at, errors);
    String method = string(s, "method", at, errors, false, "GET");
    if (method != null && !METHODS.contains(method)) {
      errors.add(new FieldError(at + "/method", "must be one of " + METHODS));
    }
    String path = string(s, "path", at, errors, true, null);
    if (path != null && !path.startsWith("/")) {
      errors.add(new FieldError(at + "/path", "must start with /"));
    }
    String body = string(s, "body", at, errors, false, null);
    String tokenField = string(s, "tokenField", at, errors, false, null);
    if (tokenField != null && field.equals("action")) {
      errors.add(new FieldError(at + "/tokenField", "is only allowed on connect"));
    }
    if (method == null || path == null || !path.startsWith("/")) {
      return null;
    }
    return new HttpStep(method, path, body, tokenField);
  }

  private static void unknown(JsonObject o, Set<String> known, String at, List<FieldError> errors) {
    o.keySet().stream()
        .filter(k -> !known.contains(k))
        .sorted()
        .forEach(k -> errors.add(new FieldError(at + "/" + k, "is not a known field")));
  }

  private static String string(
      JsonObject o,
      String field,
      String at,
      List<FieldError> errors,
      boolean required,
      String dflt) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        errors.add(new FieldError(at + "/" + field, "is required"));
      }
      return dflt;
    }
    if (!(v instanceof JsonString s)) {
      errors.add(new FieldError(at + "/" + field, "must be a string"));
      return null;
    }
    if (required && s.getString().isBlank()) {
      errors.add(new FieldError(at + "/" + field, "must not be blank"));
      return null;
    }
    return s.getString();
  }

  private static int integer(
      JsonObject o,
      String field,
      String at,
      List<FieldError> errors,
      boolean required,
      int dflt,
      int min,
      int max) {
    JsonValue v = o.get(field);
    String ptr = at + "/" + field;
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        errors.add(new FieldError(ptr, "is required"));
      }
      return dflt;
    }
    if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
      errors.add(new FieldError(ptr, "must be a whole number"));
      return dflt;
    }
    long value;
    try {
      value = n.bigIntegerValueExact().longValueExact();
    } catch (ArithmeticException e) {
      value = Long.MAX_VALUE;
    }
    if (value < min) {
      errors.add(new FieldError(ptr, "must be at least " + min));
    } else if (value > max) {
      errors.add(new FieldError(ptr, "must be at most " + max));
    }
    return (int) Math.max(min, Math.min(max, value));
  }
}
