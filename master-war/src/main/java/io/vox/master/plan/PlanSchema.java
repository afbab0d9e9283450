package io.vox.master.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vox.master.run.Threshold;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A plan's shape, checked against docs/plan.schema.json (packaged with the master), with each error
 * turned into a {@link FieldError}: the JSON pointer of the field and a sentence a plan's author
 * reads. A subschema's {@code errorMessage} (a text, or one per keyword, as in ajv-errors) gives
 * the sentence where the keyword alone would not say what is wrong (a pattern, a oneOf).
 */
final class PlanSchema {
  static final String RESOURCE = "/io/vox/master/plan/plan.schema.json";
  private static final String ERROR_MESSAGE = "errorMessage";
  private static final Set<String> COMBINATORS = Set.of("oneOf", "anyOf", "allOf");

  private static final JsonNode DOCUMENT = load();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(
              DOCUMENT, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

  private PlanSchema() {}

  private static JsonNode load() {
    try (InputStream in = PlanSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not packaged with the master");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's errors for {@code plan}, in the order of their fields; empty when it fits. */
  static List<FieldError> errors(JsonNode plan) {
    Set<ValidationMessage> messages = SCHEMA.validate(plan);
    if (messages.isEmpty()) {
      return List.of();
    }
    // a value of the wrong type says all there is to say about its place: the combinators and
    // branches that fail because of it would only repeat it
    Set<String> mistyped =
        messages.stream()
            .filter(m -> m.getType().equals("type"))
            .map(m -> m.getInstanceLocation().toString())
            .collect(Collectors.toSet());
    // a oneOf or anyOf that failed speaks for its branches (its errorMessage names the choice)
    List<String> combinators =
        messages.stream()
            .filter(m -> COMBINATORS.contains(m.getType()))
            .map(m -> m.getEvaluationPath().toString() + "/")
            .toList();
    Set<FieldError> errors = new LinkedHashSet<>();
    for (ValidationMessage m : messages) {
      String at = m.getInstanceLocation().toString();
      String path = m.getEvaluationPath().toString();
      if (!m.getType().equals("type") && mistyped.contains(at)) {
        continue;
      }
      if (combinators.stream().anyMatch(path::startsWith)) {
        continue;
      }
      errors.add(error(m, at));
    }
    List<FieldError> sorted = new ArrayList<>(errors);
    sorted.sort(Comparator.comparing(FieldError::field, PlanSchema::comparePointers));
    return sorted;
  }

  private static FieldError error(ValidationMessage m, String at) {
    String keyword = m.getType();
    JsonNode owner = owner(m);
    String custom = custom(owner, keyword);
    Object[] args = m.getArguments();
    return switch (keyword) {
      case "required" -> new FieldError(child(at, m.getProperty()), orElse(custom, "is required"));
      case "additionalProperties", "unevaluatedProperties" ->
          new FieldError(child(at, m.getProperty()), orElse(custom, "is not a known field"));
      case "propertyNames" ->
          new FieldError(child(at, m.getProperty()), orElse(custom, "is not an allowed name here"));
      case "dependentRequired" ->
          new FieldError(
              child(at, String.valueOf(args[0])),
              orElse(custom, "is required with " + m.getProperty()));
      default -> new FieldError(at, orElse(custom, sentence(keyword, owner, args, m)));
    };
  }

  /** What the keyword says, in words, when the schema gives no errorMessage for it. */
  private static String sentence(
      String keyword, JsonNode owner, Object[] args, ValidationMessage m) {
    return switch (keyword) {
      case "type" -> "must be " + types(owner.get("type"));
      case "minimum" -> "must be at least " + number(owner.get("minimum"));
      case "maximum" -> "must be at most " + number(owner.get("maximum"));
      case "exclusiveMinimum" -> "must be more than " + number(owner.get("exclusiveMinimum"));
      case "exclusiveMaximum" -> "must be less than " + number(owner.get("exclusiveMaximum"));
      case "minLength" ->
          owner.get("minLength").asInt() == 1
              ? "must not be empty"
              : "must be at least " + owner.get("minLength").asInt() + " characters";
      case "maxLength" -> "must be at most " + owner.get("maxLength").asInt() + " characters";
      case "minItems" ->
          owner.get("minItems").asInt() == 1
              ? "must not be empty"
              : "must have at least " + owner.get("minItems").asInt() + " items";
      case "maxItems" -> "must have at most " + owner.get("maxItems").asInt() + " items";
      case "uniqueItems" -> "must not name an item twice";
      case "minProperties" ->
          "must have at least " + owner.get("minProperties").asInt() + " fields";
      case "maxProperties" -> "must have at most " + owner.get("maxProperties").asInt() + " fields";
      case "enum" ->
          "must be one of "
              + StreamSupport.stream(owner.get("enum").spliterator(), false)
                  .map(JsonNode::asText)
                  .toList();
      case "const" -> "must be " + owner.get("const");
      case "oneOf", "anyOf" -> "matches none of the forms this field may take";
      case "not", "false" -> "is not allowed here";
      default -> m.getError().trim();
    };
  }

  private static String types(JsonNode type) {
    List<String> names = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> names.add(t.asText()));
    } else {
      names.add(type.asText());
    }
    if (names.size() == 1) {
      return switch (names.get(0)) {
        case "integer" -> "a whole number";
        case "number" -> "a number";
        case "boolean" -> "true or false";
        case "object" -> "an object";
        case "array" -> "an array";
        default -> "a " + names.get(0);
      };
    }
    String last = names.remove(names.size() - 1);
    return "a " + String.join(", ", names) + " or " + last;
  }

  private static String number(JsonNode n) {
    return Threshold.format(n.asDouble());
  }

  /** The schema object that holds the failed keyword (its location minus the keyword). */
  private static JsonNode owner(ValidationMessage m) {
    String fragment = m.getSchemaLocation().getFragment().toString();
    int slash = fragment.lastIndexOf('/');
    String pointer = slash <= 0 ? "" : fragment.substring(0, slash);
    JsonNode node = DOCUMENT.at(pointer);
    return node.isMissingNode() ? DOCUMENT : node;
  }

  private static String custom(JsonNode owner, String keyword) {
    JsonNode message = owner.get(ERROR_MESSAGE);
    if (message == null) {
      return null;
    }
    if (message.isTextual()) {
      return message.asText();
    }
    JsonNode forKeyword = message.get(keyword);
    return forKeyword == null ? null : forKeyword.asText();
  }

  private static String orElse(String custom, String otherwise) {
    return custom != null ? custom : otherwise;
  }

  private static String child(String at, String property) {
    return at + "/" + property.replace("~", "~0").replace("/", "~1");
  }

  /** JSON pointers in document order of their segments, array indexes compared as numbers. */
  static int comparePointers(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c;
      if (x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")) {
        c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
