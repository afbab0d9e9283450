package io.vox.master.plan;

import io.vox.master.run.Threshold;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one JSON object of a plan, at JSON pointer {@code at}, adding an error for
 * each field that is missing, of the wrong type or out of range instead of throwing, so a plan's
 * errors are all reported at once. Fields not in {@code known} are errors too.
 */
final class JsonFields {
  private final JsonObject o;
  private final String at;
  private final List<FieldError> errors;

  JsonFields(JsonObject o, String at, Set<String> known, List<FieldError> errors) {
    this.o = o;
    this.at = at;
    this.errors = errors;
    o.keySet().stream()
        .filter(k -> !known.contains(k))
        .sorted()
        .forEach(k -> errors.add(new FieldError(ptr(k), "is not a known field")));
  }

  /** The object at {@code value}, or null after an error when it is not one. */
  static JsonObject object(JsonValue value, String at, List<FieldError> errors) {
    if (value instanceof JsonObject obj) {
      return obj;
    }
    errors.add(new FieldError(at, "must be an object"));
    return null;
  }

  String ptr(String field) {
    return at + "/" + escape(field);
  }

  static String escape(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }

  String at() {
    return at;
  }

  boolean has(String field) {
    JsonValue v = o.get(field);
    return v != null && v != JsonValue.NULL;
  }

  JsonValue value(String field) {
    return o.get(field);
  }

  void error(String field, String message) {
    errors.add(new FieldError(field == null ? at : ptr(field), message));
  }

  List<FieldError> errors() {
    return errors;
  }

  String string(String field, boolean required, String dflt, int maxLength) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        error(field, "is required");
      }
      return dflt;
    }
    if (!(v instanceof JsonString s)) {
      error(field, "must be a string");
      return null;
    }
    String text = s.getString();
    if (required && text.isBlank()) {
      error(field, "must not be blank");
      return null;
    }
    if (text.length() > maxLength) {
      error(field, "must be at most " + maxLength + " characters");
      return null;
    }
    return text;
  }

  /** A string, number or boolean as text (for expected values), or null. */
  String scalar(String field) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    return switch (v.getValueType()) {
      case STRING -> ((JsonString) v).getString();
      case NUMBER, TRUE, FALSE -> v.toString();
      default -> {
        error(field, "must be a string, number or boolean");
        yield null;
      }
    };
  }

  long integer(String field, boolean required, long dflt, long min, long max) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        error(field, "is required");
      }
      return dflt;
    }
    if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
      error(field, "must be a whole number");
      return dflt;
    }
    long value;
    try {
      value = n.bigIntegerValueExact().longValueExact();
    } catch (ArithmeticException e) {
      value = n.bigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    if (value < min) {
      error(field, "must be at least " + min);
      return dflt;
    } else if (value > max) {
      error(field, "must be at most " + max);
      return dflt;
    }
    return value;
  }

  double number(String field, boolean required, double dflt, double min, double max) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        error(field, "is required");
      }
      return dflt;
    }
    if (!(v instanceof JsonNumber n)) {
      error(field, "must be a number");
      return dflt;
    }
    double value = n.doubleValue();
    if (!(value >= min)) {
      error(field, "must be at least " + Threshold.format(min));
      return dflt;
    } else if (value > max) {
      error(field, "must be at most " + Threshold.format(max));
      return dflt;
    }
    return value;
  }

  /** The array at {@code field} with {@code min} to {@code max} items, or null (error if so). */
  JsonArray array(String field, boolean required, int min, int max) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      error(field, "must be an array");
      return null;
    }
    if (a.size() < min) {
      error(field, min == 1 ? "must not be empty" : "must have at least " + min + " items");
      return null;
    }
    if (a.size() > max) {
      error(field, "must have at most " + max + " items");
      return null;
    }
    return a;
  }

  /** The object at {@code field}, or null (error when required or not an object). */
  JsonObject object(String field, boolean required) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    return object(v, ptr(field), errors);
  }

  /** The boolean at {@code field}, or {@code dflt} (error when it is not a boolean). */
  boolean bool(String field, boolean dflt) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      return dflt;
    }
    if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
      error(field, "must be true or false");
      return dflt;
    }
    return v == JsonValue.TRUE;
  }
}
