package io.vox.master.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vox.master.run.RunParams;
import io.vox.messaging.scenario.Vocabulary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's {@code params}: each {@code ${param.name}} in a text of the plan takes the parameter's
 * value ({@code value}, given by {@code vox run --param}, the environment or the run form, else
 * {@code default}). A plain parameter's value is written into the plan before it is read, so it may
 * stand in any text (the target, a host, a URL). A secret one stays a placeholder that only the
 * nodes render, from the run's {@code StartRun}: it may stand only in the texts that are templates
 * (a URL, a header, a body, a check), and the plan is stored without its value.
 */
public final class PlanParams {

  private PlanParams() {}

  /** A plan's tree with its plain parameters written in, and what the reader must check. */
  record Resolved(
      JsonNode tree, RunParams params, List<FieldError> errors, List<String> secretUses) {}

  /**
   * Writes the plain parameters' values into {@code tree}'s texts. With {@code needValues} false (a
   * plan saved for later, or a run's stored plan) a parameter without a value is no error: a plain
   * one reads as {@code param-name}, a secret one stays unknown to this process.
   */
  static Resolved resolve(JsonNode tree, boolean needValues) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    List<String> secretNames = new ArrayList<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    Map<String, Boolean> declared = new LinkedHashMap<>();
    if (tree instanceof ObjectNode root && root.get("params") instanceof ObjectNode params) {
      params
          .fields()
          .forEachRemaining(
              e -> {
                if (!(e.getValue() instanceof ObjectNode p)) {
                  return; // the schema names it
                }
                String name = e.getKey();
                boolean secret = p.path("secret").asBoolean(false);
                declared.put(name, secret);
                String at = "/params/" + name.replace("~", "~0").replace("/", "~1");
                JsonNode value = p.get("value");
                if (secret && p.has("default")) {
                  errors.add(
                      new FieldError(
                          at + "/default",
                          "a secret parameter has no default: it would be stored with the plan;"
                              + " give its value to vox run with --param "
                              + name
                              + "=... or VOX_PARAM_"
                              + name
                              + ", or in the run form"));
                }
                if (value == null && !secret) {
                  value = p.get("default");
                }
                if (secret) {
                  secretNames.add(name);
                  if (value != null && value.isTextual()) {
                    secrets.put(name, value.asText());
                  }
                } else if (value != null && value.isTextual()) {
                  values.put(name, value.asText());
                }
                if ((value == null || !value.isTextual()) && needValues) {
                  errors.add(
                      new FieldError(
                          at,
                          "needs a value: vox run --param "
                              + name
                              + "=..., the environment variable VOX_PARAM_"
                              + name
                              + ", or the run form"));
                }
              });
    }
    List<String> secretUses = new ArrayList<>();
    JsonNode resolved =
        declared.isEmpty() && !hasPlaceholder(tree)
            ? tree
            : walk(tree, "", declared, values, secretUses, errors);
    return new Resolved(resolved, new RunParams(values, secretNames, secrets), errors, secretUses);
  }

  /** Whether a text of {@code node} holds a {@code ${param...}}, without copying the plan. */
  private static boolean hasPlaceholder(JsonNode node) {
    if (node.isTextual()) {
      return node.asText().contains("${");
    }
    for (JsonNode child : node) {
      if (hasPlaceholder(child)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode walk(
      JsonNode node,
      String at,
      Map<String, Boolean> declared,
      Map<String, String> values,
      List<String> secretUses,
      List<FieldError> errors) {
    if (node.isTextual()) {
      String text = node.asText();
      return text.contains("${")
          ? TextNode.valueOf(substitute(text, at, declared, values, secretUses, errors))
          : node;
    }
    if (node instanceof ObjectNode o) {
      ObjectNode out = o.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> i = o.fields(); i.hasNext(); ) {
        Map.Entry<String, JsonNode> e = i.next();
        String here = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        out.set(
            e.getKey(),
            here.equals("/params")
                ? e.getValue()
                : walk(e.getValue(), here, declared, values, secretUses, errors));
      }
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = a.arrayNode();
      for (int i = 0; i < a.size(); i++) {
        out.add(walk(a.get(i), at + "/" + i, declared, values, secretUses, errors));
      }
      return out;
    }
    return node;
  }

  /** {@code text} with its plain parameters written in ({@code $${} stays a literal). */
  private static String substitute(
      String text,
      String at,
      Map<String, Boolean> declared,
      Map<String, String> values,
      List<String> secretUses,
      List<FieldError> errors) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("$${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i);
        if (end < 0) {
          out.append(text, i, text.length()); // the template's reader names it
          break;
        }
        String whole = text.substring(i + 2, end).trim(); // as Template reads it
        if (!whole.startsWith(Vocabulary.PARAM)) {
          out.append(text, i, end + 1); // a name the nodes render
          i = end + 1;
          continue;
        }
        String name = whole.substring(Vocabulary.PARAM.length());
        Boolean secret = declared.get(name);
        if (secret == null) {
          errors.add(
              new FieldError(
                  at,
                  "${param."
                      + name
                      + "} is not declared: add \""
                      + name
                      + "\": {} to the plan's params"
                      + (declared.isEmpty() ? "" : " (declared: " + declared.keySet() + ")")));
          out.append("param-").append(name); // one error, not one more per field that reads it
        } else if (secret) {
          if (!secretUses.contains(at)) {
            secretUses.add(at);
          }
          out.append(text, i, end + 1);
        } else {
          String value = values.getOrDefault(name, "param-" + name);
          // a value is text, never a template of its own
          out.append(value.replace("${", "$${"));
        }
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  /**
   * The plan {@code json} as it may be stored: without its secret parameters' values. The text
   * stays as written when it has none (or is no JSON object: the reader refuses it).
   */
  public static String withoutSecrets(String json) {
    JsonNode tree = tree(json);
    if (!(tree instanceof ObjectNode root && root.get("params") instanceof ObjectNode params)) {
      return json;
    }
    boolean changed = false;
    for (Iterator<Map.Entry<String, JsonNode>> i = params.fields(); i.hasNext(); ) {
      if (i.next().getValue() instanceof ObjectNode p
          && p.path("secret").asBoolean(false)
          && (p.has("value") || p.has("default"))) {
        p.remove("value");
        p.remove("default");
        changed = true;
      }
    }
    return changed ? root.toString() : json;
  }

  /**
   * The plan {@code json} with {@code given} as its parameters' values.
   *
   * @throws InvalidPlanException naming a parameter the plan does not declare
   */
  public static String withValues(String json, Map<String, String> given) {
    if (given.isEmpty()) {
      return json;
    }
    JsonNode tree = tree(json);
    if (!(tree instanceof ObjectNode root)) {
      return json;
    }
    JsonNode params = root.get("params");
    List<FieldError> errors = new ArrayList<>();
    given.forEach(
        (name, value) -> {
          if (params instanceof ObjectNode p && p.get(name) instanceof ObjectNode param) {
            param.put("value", value);
          } else {
            errors.add(
                new FieldError(
                    "/params",
                    "declares no parameter "
                        + name
                        + (params instanceof ObjectNode p
                            ? " (it declares " + names(p) + ")"
                            : " (it has no params)")));
          }
        });
    if (!errors.isEmpty()) {
      throw new InvalidPlanException(errors);
    }
    return root.toString();
  }

  /** The parameters {@code json} declares, by name: whether each is secret; empty for no JSON. */
  public static Map<String, Boolean> declared(String json) {
    Map<String, Boolean> declared = new LinkedHashMap<>();
    if (tree(json) instanceof ObjectNode root && root.get("params") instanceof ObjectNode p) {
      p.fields()
          .forEachRemaining(
              e -> declared.put(e.getKey(), e.getValue().path("secret").asBoolean(false)));
    }
    return declared;
  }

  private static List<String> names(ObjectNode params) {
    List<String> names = new ArrayList<>();
    params.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode tree(String json) {
    try {
      return json == null ? null : PlanReader.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
