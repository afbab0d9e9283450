package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A browser's recording (HAR 1.2, as DevTools and Playwright save it) as a plan: one action whose
 * steps are the recorded requests in order, with their methods, bodies and the headers that matter
 * (cookies are left to the engine's cookie jar), think times from the gaps between them, and a
 * check of each recorded status. A value a response gave (a token in a JSON body) and a later
 * request sent back becomes an extraction and a {@code ${name}} where it is reused. Static assets
 * and other hosts are left out unless asked for.
 */
final class HarImport {
  /** Gaps shorter than this are the browser's own pace, not a user's think time. */
  static final long MIN_THINK_MS = 100;

  /** Values shorter than this are too common to be taken for a token (ids, flags, words). */
  static final int MIN_VALUE_CHARS = 8;

  /** Headers the engine sets itself, or that say nothing about the user's request. */
  static final Set<String> DROPPED_HEADERS =
      Set.of(
          "host",
          "content-length",
          "connection",
          "cookie",
          "accept-encoding",
          "accept-language",
          "cache-control",
          "pragma",
          "priority",
          "referer",
          "origin",
          "upgrade-insecure-requests",
          "user-agent",
          "keep-alive",
          "te",
          "dnt");

  static final Set<String> ASSET_TYPES =
      Set.of("image", "stylesheet", "script", "font", "media", "manifest", "texttrack");

  static final List<String> ASSET_EXTENSIONS =
      List.of(
          ".js", ".mjs", ".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif",
          ".woff", ".woff2", ".ttf", ".otf", ".map", ".mp4", ".webm", ".mp3");

  /** What to keep and how to name the plan. */
  record Options(String name, int users, List<String> hosts, boolean assets, String target) {}

  /** The plan, and what was left out or guessed, for the user to read. */
  record Result(JsonObject plan, List<String> notes) {}

  private HarImport() {}

  static Result convert(String har, Options options) {
    JsonObject log = Json.createReader(new StringReader(har)).readObject().getJsonObject("log");
    if (log == null || !(log.get("entries") instanceof JsonArray entries)) {
      throw new IllegalArgumentException("not a HAR file: no log.entries");
    }
    List<String> notes = new ArrayList<>();
    List<JsonObject> all = entries.getValuesAs(JsonObject.class);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("the HAR file has no requests");
    }
    URI first = URI.create(all.get(0).getJsonObject("request").getString("url"));
    List<String> hosts =
        options.hosts().isEmpty() ? List.of(hostOf(first)) : lower(options.hosts());
    int assets = 0;
    Map<String, Integer> otherHosts = new LinkedHashMap<>();
    List<JsonObject> kept = new ArrayList<>();
    String redirectedTo = null;
    for (JsonObject e : all) {
      JsonObject req = e.getJsonObject("request");
      String url = req.getString("url");
      if (url.startsWith("data:") || url.startsWith("blob:") || !url.startsWith("http")) {
        continue;
      }
      if (url.equals(redirectedTo) && req.getString("method").equals("GET")) {
        redirectedTo = null;
        // the engine follows the redirect itself: the hop's status is the one to check
        kept.set(kept.size() - 1, withFinalStatus(kept.get(kept.size() - 1), e));
        continue;
      }
      redirectedTo = null;
      URI uri = URI.create(url);
      if (!hosts.contains(hostOf(uri)) && !hosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
        otherHosts.merge(uri.getHost(), 1, Integer::sum);
        continue;
      }
      if (!options.assets() && asset(e, uri)) {
        assets++;
        continue;
      }
      kept.add(e);
      int status = e.getJsonObject("response").getInt("status", 0);
      if (status >= 300 && status < 400) {
        redirectedTo = e.getJsonObject("response").getString("redirectURL", null);
        if (redirectedTo != null && !redirectedTo.startsWith("http")) {
          redirectedTo = uri.resolve(redirectedTo).toString();
        }
      }
    }
    if (assets > 0) {
      notes.add("left out " + assets + " static asset request(s) (--assets keeps them)");
    }
    otherHosts.forEach(
        (host, n) ->
            notes.add(
                "left out " + n + " request(s) to " + host + " (--host " + host + " keeps them)"));
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("no request of the HAR file is left to replay");
    }
    URI origin = URI.create(kept.get(0).getJsonObject("request").getString("url"));
    String base = origin.getScheme() + "://" + origin.getRawAuthority();

    // the values responses gave, in order, and where a later request sends one back
    Map<String, String[]> given = new LinkedHashMap<>(); // value -> {step, jsonPath}
    Map<String, String> names = new LinkedHashMap<>(); // value -> variable name
    List<Map<String, String>> extractions = new ArrayList<>();
    List<JsonObjectBuilder> steps = new ArrayList<>();
    long previousEnd = -1;
    for (int i = 0; i < kept.size(); i++) {
      JsonObject e = kept.get(i);
      JsonObject req = e.getJsonObject("request");
      long start = Instant.parse(e.getString("startedDateTime")).toEpochMilli();
      if (previousEnd >= 0 && start - previousEnd >= MIN_THINK_MS) {
        steps.add(
            Json.createObjectBuilder()
                .add("think", Json.createObjectBuilder().add("ms", start - previousEnd)));
      }
      previousEnd = start + Math.max(0, Math.round(e.getJsonNumber("time").doubleValue()));
      String url = req.getString("url");
      String shown =
          url.startsWith(base + "/") || url.equals(base) ? url.substring(base.length()) : url;
      if (shown.isEmpty()) {
        shown = "/";
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (JsonObject h : req.getJsonArray("headers").getValuesAs(JsonObject.class)) {
        String name = h.getString("name");
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(":") || lower.startsWith("sec-") || DROPPED_HEADERS.contains(lower)) {
          continue;
        }
        if (lower.equals("accept") && h.getString("value").equals("*/*")) {
          continue;
        }
        headers.put(name, h.getString("value"));
      }
      JsonObject post = req.getJsonObject("postData");
      String body = post == null ? null : post.getString("text", null);
      String mime = post == null ? "" : post.getString("mimeType", "").toLowerCase(Locale.ROOT);

      // what this request sends back of an earlier response: a variable
      List<String> reused = new ArrayList<>();
      for (String value : given.keySet()) {
        boolean sent =
            url.contains(value)
                || headers.values().stream().anyMatch(v -> v.contains(value))
                || (body != null && body.contains(value));
        if (sent) {
          reused.add(value);
          if (!names.containsKey(value)) {
            String[] where = given.get(value);
            String name = uniqueName(where[1], names.values());
            names.put(value, name);
            extractions.add(Map.of("step", where[0], "name", name, "jsonPath", where[1]));
          }
        }
      }
      JsonObjectBuilder r = Json.createObjectBuilder();
      r.add("method", req.getString("method"));
      r.add("url", templated(shown, reused, names));
      if (!headers.isEmpty()) {
        JsonObjectBuilder hb = Json.createObjectBuilder();
        headers.forEach(
            (k, v) -> {
              if (!(body != null && k.equalsIgnoreCase("content-type") && mime.contains("json"))) {
                hb.add(k, templated(v, reused, names));
              }
            });
        JsonObject built = hb.build();
        if (!built.isEmpty()) {
          r.add("headers", built);
        }
      }
      if (body != null && !body.isEmpty()) {
        JsonValue json = mime.contains("json") ? parse(body) : null;
        if (json != null) {
          r.add("json", templated(json, reused, names));
        } else if (mime.startsWith("application/x-www-form-urlencoded")) {
          JsonObjectBuilder form = Json.createObjectBuilder();
          for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.add(
                URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                templated(
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8),
                    reused,
                    names));
          }
          r.add("form", form);
        } else {
          r.add("body", templated(body, reused, names));
        }
      }
      int status = e.getJsonObject("response").getInt("status", 0);
      if (status > 0) {
        r.add(
            "checks",
            Json.createArrayBuilder().add(Json.createObjectBuilder().add("status", status)));
      }
      steps.add(Json.createObjectBuilder().add("request", r));
      for (Map.Entry<String, String> v : jsonValues(e.getJsonObject("response")).entrySet()) {
        given.putIfAbsent(
            v.getValue(), new String[] {Integer.toString(steps.size() - 1), v.getKey()});
      }
    }
    // the extractions go on the steps whose responses gave the values
    List<JsonObject> built = new ArrayList<>();
    for (JsonObjectBuilder s : steps) {
      built.add(s.build());
    }
    for (Map<String, String> x : extractions) {
      int at = Integer.parseInt(x.get("step"));
      JsonObject step = built.get(at);
      JsonObject req = step.getJsonObject("request");
      JsonArrayBuilder extract =
          req.containsKey("extract")
              ? Json.createArrayBuilder(req.getJsonArray("extract"))
              : Json.createArrayBuilder();
      extract.add(
          Json.createObjectBuilder().add("name", x.get("name")).add("jsonPath", x.get("jsonPath")));
      built.set(
          at,
          Json.createObjectBuilder()
              .add("request", Json.createObjectBuilder(req).add("extract", extract))
              .build());
      notes.add(
          "the value of "
              + x.get("jsonPath")
              + " in response "
              + (at + 1)
              + " is sent again later: extracted as ${"
              + x.get("name")
              + "}");
    }
    JsonArrayBuilder stepArray = Json.createArrayBuilder();
    built.forEach(stepArray::add);
    JsonObject plan =
        Json.createObjectBuilder()
            .add("name", options.name())
            .add("target", options.target() != null ? options.target() : base)
            .add("users", options.users())
            .add(
                "actions",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder().add("name", "recorded").add("steps", stepArray)))
            .build();
    return new Result(plan, notes);
  }

  private static JsonObject withFinalStatus(JsonObject kept, JsonObject hop) {
    int status = hop.getJsonObject("response").getInt("status", 0);
    JsonObject response =
        Json.createObjectBuilder(kept.getJsonObject("response")).add("status", status).build();
    return Json.createObjectBuilder(kept).add("response", response).build();
  }

  private static String hostOf(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getPort() > 0 ? host + ":" + uri.getPort() : host;
  }

  private static List<String> lower(List<String> hosts) {
    return hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  private static boolean asset(JsonObject e, URI uri) {
    String type = e.getString("_resourceType", "").toLowerCase(Locale.ROOT);
    if (ASSET_TYPES.contains(type)) {
      return true;
    }
    String mime =
        e.getJsonObject("response").getJsonObject("content") == null
            ? ""
            : e.getJsonObject("response")
                .getJsonObject("content")
                .getString("mimeType", "")
                .toLowerCase(Locale.ROOT);
    if (mime.startsWith("image/")
        || mime.startsWith("font/")
        || mime.startsWith("text/css")
        || mime.contains("javascript")) {
      return true;
    }
    String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
    return ASSET_EXTENSIONS.stream().anyMatch(path::endsWith);
  }

  private static JsonValue parse(String text) {
    try {
      return Json.createReader(new StringReader(text)).readValue();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The string values of a JSON response body worth taking for tokens, by JSON path. */
  private static Map<String, String> jsonValues(JsonObject response) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonObject content = response.getJsonObject("content");
    if (content == null || !content.getString("mimeType", "").contains("json")) {
      return out;
    }
    String text = content.getString("text", null);
    if (text == null) {
      return out;
    }
    if ("base64".equals(content.getString("encoding", ""))) {
      text = new String(java.util.Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
    JsonValue body = parse(text);
    if (body != null) {
      walk(body, "$", 0, out);
    }
    return out;
  }

  private static void walk(JsonValue v, String path, int depth, Map<String, String> out) {
    if (depth > 5) {
      return;
    }
    if (v instanceof JsonObject o) {
      o.forEach(
          (k, child) ->
              walk(
                  child,
                  k.matches("[A-Za-z_][A-Za-z0-9_]*")
                      ? path + "." + k
                      : path + "['" + k.replace("'", "\\'") + "']",
                  depth + 1,
                  out));
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        walk(a.get(i), path + "[" + i + "]", depth + 1, out);
      }
    } else if (v instanceof JsonString s && s.getString().length() >= MIN_VALUE_CHARS) {
      out.putIfAbsent(path, s.getString());
    }
  }

  /** A variable name from the JSON path's last key, not yet taken. */
  private static String uniqueName(String jsonPath, java.util.Collection<String> taken) {
    String last =
        jsonPath
            .replaceAll("\\[\\d+]", "")
            .replaceAll(".*[.'\\[]", "")
            .replaceAll("[^A-Za-z0-9_]", "");
    String name = last.isEmpty() || !Character.isLetter(last.charAt(0)) ? "value" : last;
    String candidate = name;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = name + n;
    }
    return candidate;
  }

  /** {@code text} with each reused value as its variable, the rest escaped as literal. */
  private static String templated(String text, List<String> reused, Map<String, String> names) {
    String out = text.replace("${", "$${");
    for (String value : reused) {
      out = out.replace(value.replace("${", "$${"), "${" + names.get(value) + "}");
    }
    return out;
  }

  private static JsonValue templated(JsonValue v, List<String> reused, Map<String, String> names) {
    if (v instanceof JsonString s) {
      return Json.createValue(templated(s.getString(), reused, names));
    }
    if (v instanceof JsonObject o) {
      JsonObjectBuilder b = Json.createObjectBuilder();
      o.forEach((k, child) -> b.add(k, templated(child, reused, names)));
      return b.build();
    }
    if (v instanceof JsonArray a) {
      JsonArrayBuilder b = Json.createArrayBuilder();
      a.forEach(child -> b.add(templated(child, reused, names)));
      return b.build();
    }
    return v;
  }
}
