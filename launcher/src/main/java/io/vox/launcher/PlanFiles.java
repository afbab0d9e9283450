package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Prepares a plan file for the master, which only takes one JSON document: the files it names
 * (paths relative to the plan) are read and sent inline. A feeder's {@code csvFile} becomes {@code
 * csv}, {@code tls.caFile} becomes {@code tls.ca}, a request's {@code bodyFile} becomes {@code
 * body} (or {@code bodyBase64} with {@code "raw": true}), and a multipart part's {@code file}
 * becomes {@code base64} with the file's name as {@code filename}.
 */
final class PlanFiles {
  private PlanFiles() {}

  /**
   * The plan at {@code plan} with its files inlined, its text as written when it is not JSON (the
   * reader names that error); null, with the reason printed to {@code out}, when a file cannot be
   * read.
   */
  static String forSubmit(Path plan, java.io.PrintStream out) throws IOException {
    try {
      return inline(plan);
    } catch (IOException e) {
      out.println("cannot read plan " + plan + " or a file it names: " + e.getMessage());
      return null;
    } catch (jakarta.json.JsonException e) {
      return Files.readString(plan);
    }
  }

  /** The prefix of an environment variable that gives a parameter's value. */
  static final String ENV_PREFIX = "VOX_PARAM_";

  /**
   * The plan {@code json} with its parameters' values: from the environment ({@code
   * VOX_PARAM_name}) for each parameter it declares, then from {@code given} ({@code --param},
   * which wins); null, with the reason printed to {@code out}, when {@code given} names a parameter
   * the plan does not declare.
   */
  static String withParams(
      String json,
      java.util.Map<String, String> given,
      java.util.Map<String, String> env,
      java.io.PrintStream out) {
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    for (String name : io.vox.master.plan.PlanParams.declared(json).keySet()) {
      String v = env.get(ENV_PREFIX + name);
      if (v != null) {
        values.put(name, v);
      }
    }
    values.putAll(given);
    try {
      return io.vox.master.plan.PlanParams.withValues(json, values);
    } catch (io.vox.master.plan.InvalidPlanException e) {
      e.errors().forEach(err -> out.println("--param: the plan " + err.message()));
      return null;
    }
  }

  /**
   * The plan at {@code plan} with its files inlined.
   *
   * @throws IOException when the plan or a file it names cannot be read
   * @throws jakarta.json.JsonException when the plan is not a JSON object
   */
  static String inline(Path plan) throws IOException {
    String text = Files.readString(plan);
    JsonObject root = Json.createReader(new StringReader(text)).readObject();
    Path dir = plan.toAbsolutePath().getParent();
    JsonObject inlined = new Inliner(dir).plan(root);
    return inlined.equals(root) ? text : inlined.toString();
  }

  /** Rebuilds the parts of a plan that name files. */
  private record Inliner(Path dir) {
    JsonObject plan(JsonObject root) throws IOException {
      JsonObjectBuilder b = Json.createObjectBuilder(root);
      if (root.get("tls") instanceof JsonObject tls) {
        JsonObjectBuilder t = Json.createObjectBuilder(tls);
        for (String[] field :
            new String[][] {{"caFile", "ca"}, {"certFile", "cert"}, {"keyFile", "key"}}) {
          if (tls.get(field[0]) instanceof JsonString f) {
            t.remove(field[0]).add(field[1], read(f));
          }
        }
        if (tls.get("pkcs12File") instanceof JsonString f) {
          t.remove("pkcs12File").add("pkcs12", Base64.getEncoder().encodeToString(bytes(f)));
        }
        b.add("tls", t);
      }
      if (root.get("feeders") instanceof JsonArray feeders) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (JsonValue v : feeders) {
          if (v instanceof JsonObject o && o.get("csvFile") instanceof JsonString f) {
            out.add(Json.createObjectBuilder(o).remove("csvFile").add("csv", read(f)));
          } else {
            out.add(v);
          }
        }
        b.add("feeders", out);
      }
      if (root.get("connect") instanceof JsonArray connect) {
        b.add("connect", steps(connect));
      }
      if (root.get("actions") instanceof JsonArray actions) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (JsonValue v : actions) {
          if (v instanceof JsonObject a && a.get("steps") instanceof JsonArray steps) {
            out.add(Json.createObjectBuilder(a).add("steps", steps(steps)));
          } else {
            out.add(v);
          }
        }
        b.add("actions", out);
      }
      return b.build();
    }

    private JsonArrayBuilder steps(JsonArray steps) throws IOException {
      JsonArrayBuilder out = Json.createArrayBuilder();
      for (JsonValue v : steps) {
        if (v instanceof JsonObject s && s.get("request") instanceof JsonObject r) {
          out.add(Json.createObjectBuilder(s).add("request", request(r)));
        } else {
          out.add(v);
        }
      }
      return out;
    }

    private JsonObjectBuilder request(JsonObject r) throws IOException {
      JsonObjectBuilder b = Json.createObjectBuilder(r);
      if (r.get("bodyFile") instanceof JsonString f) {
        b.remove("bodyFile").remove("raw");
        if (r.get("raw") == JsonValue.TRUE) {
          b.add("bodyBase64", Base64.getEncoder().encodeToString(bytes(f)));
        } else {
          b.add("body", read(f));
        }
      }
      if (r.get("multipart") instanceof JsonArray parts) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (JsonValue v : parts) {
          if (v instanceof JsonObject p && p.get("file") instanceof JsonString f) {
            JsonObjectBuilder part = Json.createObjectBuilder(p).remove("file");
            part.add("base64", Base64.getEncoder().encodeToString(bytes(f)));
            if (!p.containsKey("filename")) {
              part.add("filename", Path.of(f.getString()).getFileName().toString());
            }
            out.add(part);
          } else {
            out.add(v);
          }
        }
        b.add("multipart", out);
      }
      return b;
    }

    private String read(JsonString file) throws IOException {
      return Files.readString(dir.resolve(file.getString()));
    }

    private byte[] bytes(JsonString file) throws IOException {
      return Files.readAllBytes(dir.resolve(file.getString()));
    }
  }
}
