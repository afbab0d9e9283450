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
    // HAR 1.2: readers sort by start themselves; only requests over HTTP(S) can be replayed
    List<JsonObject> all =
        entries.getValuesAs(JsonObject.class).stream()
            .filter(e -> origin(url(e)) != null)
            .sorted(
                java.util.Comparator.comparing(e -> Instant.parse(e.getString("startedDateTime"))))
            .toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("the HAR file has no HTTP request");
    }
    List<String> hosts =
        options.hosts().isEmpty() ? List.of(origin(url(all.get(0)))[2]) : lower(options.hosts());
    int assets = 0;
    Map<String, Integer> otherHosts = new LinkedHashMap<>();
    List<JsonObject> kept = new ArrayList<>();
    String redirectedTo = null;
    String redirectMethod = null;
    for (JsonObject e : all) {
      JsonObject req = e.getJsonObject("request");
      String url = url(e);
      String method = req.getString("method");
      if (url.equals(redirectedTo) && method.equals(redirectMethod)) {
        // the engine follows the redirect itself: the final response is the one to check and
        // to take values from, and a hop that redirects again goes on the chain
        JsonObject merged = withFinalResponse(kept.get(kept.size() - 1), e);
        kept.set(kept.size() - 1, merged);
        redirectedTo = redirect(e, url);
        redirectMethod = redirectMethod(e, method);
        continue;
      }
      String[] origin = origin(url);
      String host = origin[2];
      if (!hosts.contains(host) && !hosts.contains(origin[1])) {
        otherHosts.merge(origin[1], 1, Integer::sum);
        continue;
      }
      if (!options.assets() && asset(e, url)) {
        assets++;
        continue;
      }
      kept.add(e);
      redirectedTo = redirect(e, url);
      redirectMethod = redirectMethod(e, method);
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
    String[] firstOrigin = origin(url(kept.get(0)));
    String base = firstOrigin[0] + "://" + firstOrigin[2];

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
                .add(
                    "think",
                    Json.createObjectBuilder()
                        .add("ms", Math.min(MAX_THINK_MS, start - previousEnd))));
      }
      // the latest end so far: requests the browser made side by side are no think time
      long took = e.containsKey("time") ? Math.round(e.getJsonNumber("time").doubleValue()) : 0;
      previousEnd = Math.max(previousEnd, start + Math.max(0, took));
      String url = url(e);
      String[] o = origin(url);
      String own = o[0] + "://" + o[2];
      // with --target every kept request goes to it: none may reach the recorded hosts
      String shown = own.equalsIgnoreCase(base) || options.target() != null ? pathOf(url) : url;
      if (shown.isEmpty()) {
        shown = "/";
      }
      Map<String, String> headers = new LinkedHashMap<>();
      JsonArray recorded = req.getJsonArray("headers");
      for (JsonObject h :
          recorded == null ? List.<JsonObject>of() : recorded.getValuesAs(JsonObject.class)) {
        String name = h.getString("name", "");
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty()
            || lower.startsWith(":")
            || lower.startsWith("sec-")
            || DROPPED_HEADERS.contains(lower)) {
          continue;
        }
        String value = h.getString("value", "");
        if (lower.equals("accept") && value.equals("*/*")) {
          continue;
        }
        // one name once (the plan refuses two): values of a repeated header joined, as HTTP does
        String known =
            headers.keySet().stream()
                .filter(k -> k.equalsIgnoreCase(name))
                .findFirst()
                .orElse(null);
        if (known != null) {
          headers.put(known, headers.get(known) + ", " + value);
        } else {
          headers.put(name, value);
        }
      }
      JsonObject post = req.getJsonObject("postData");
      String body = post == null ? null : post.getString("text", null);
      String mime = post == null ? "" : post.getString("mimeType", "").toLowerCase(Locale.ROOT);
      if (body == null && post != null && post.get("params") instanceof JsonArray params) {
        body = formText(params); // some exporters give a form's fields only
      }
      String sentBody = body;

      // what this request sends back of an earlier response: a variable
      List<String> reused = new ArrayList<>();
      for (String value : given.keySet()) {
        boolean sent =
            contains(url, value)
                || headers.values().stream().anyMatch(v -> contains(v, value))
                || (sentBody != null && contains(sentBody, value));
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
      reused.sort((a, b) -> b.length() - a.length()); // a longer value before one inside it
      JsonObjectBuilder r = Json.createObjectBuilder();
      r.add("method", req.getString("method"));
      r.add("url", templated(shown, reused, names));
      JsonValue json =
          body != null && !body.isEmpty() && mime.startsWith("application/json")
              ? parse(body)
              : null;
      Map<String, String> form =
          json == null && body != null && mime.startsWith("application/x-www-form-urlencoded")
              ? form(body)
              : null;
      if (!headers.isEmpty()) {
        JsonObjectBuilder hb = Json.createObjectBuilder();
        headers.forEach(
            (k, v) -> {
              // the engine writes the Content-Type of a json or form body itself
              if (!((json != null || form != null) && k.equalsIgnoreCase("content-type"))) {
                hb.add(k, templated(v, reused, names));
              }
            });
        JsonObject built = hb.build();
        if (!built.isEmpty()) {
          r.add("headers", built);
        }
      }
      if (json != null) {
        r.add("json", templated(json, reused, names));
      } else if (form != null) {
        JsonObjectBuilder fb = Json.createObjectBuilder();
        form.forEach((k, v) -> fb.add(k, templated(v, reused, names)));
        r.add("form", fb);
      } else if (body != null && !body.isEmpty()) {
        r.add("body", templated(body, reused, names));
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
    // an action holds at most MAX_STEPS steps: a long recording goes on in the next
    JsonArrayBuilder actions = Json.createArrayBuilder();
    for (int from = 0, n = 1; from < built.size(); from += MAX_STEPS, n++) {
      JsonArrayBuilder part = Json.createArrayBuilder();
      built.subList(from, Math.min(built.size(), from + MAX_STEPS)).forEach(part::add);
      actions.add(
          Json.createObjectBuilder()
              .add("name", n == 1 ? "recorded" : "recorded-" + n)
              .add("steps", part));
    }
    if (built.size() > MAX_STEPS) {
      notes.add(
          built.size() + " steps, more than an action holds: split into actions of " + MAX_STEPS);
    }
    JsonObject plan =
        Json.createObjectBuilder()
            .add("name", options.name())
            .add("target", options.target() != null ? options.target() : base)
            .add("users", options.users())
            .add("actions", actions)
            .build();
    return new Result(plan, notes);
  }

  /** Steps an action may hold (the plan schema's limit). */
  static final int MAX_STEPS = 100;

  /** The longest think time kept from a gap in the recording. */
  static final long MAX_THINK_MS = 10 * 60_000L;

  /** Whether {@code text} holds {@code value} as a whole: not inside a longer word. */
  static boolean contains(String text, String value) {
    for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
      boolean before = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
      int end = at + value.length();
      boolean after = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (before && after) {
        return true;
      }
    }
    return false;
  }

  /** A urlencoded body as fields, or null when a plan's form cannot say it the same way. */
  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (String pair : body.split("&", -1)) {
        String[] kv = pair.split("=", 2);
        String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
        // a repeated or empty field name: sent as the recorded text instead
        if (key.isEmpty()
            || out.put(key, URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8))
                != null) {
          return null;
        }
      }
    } catch (IllegalArgumentException badEscape) {
      return null;
    }
    return out;
  }

  /** A form's recorded fields as urlencoded text. */
  private static String formText(JsonArray params) {
    StringBuilder b = new StringBuilder();
    for (JsonObject p : params.getValuesAs(JsonObject.class)) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(java.net.URLEncoder.encode(p.getString("name", ""), StandardCharsets.UTF_8))
          .append('=')
          .append(java.net.URLEncoder.encode(p.getString("value", ""), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  /** The entry's URL without its fragment (never sent to a server). */
  private static String url(JsonObject e) {
    String url = e.getJsonObject("request").getString("url");
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  private static final java.util.regex.Pattern ORIGIN =
      java.util.regex.Pattern.compile("(?i)^(https?)://([^/?#@]*@)?(\\[[^\\]]+]|[^/?#:]+)(:\\d+)?");

  /**
   * Scheme, host (lower case) and authority of an http(s) URL, or null: read leniently, since
   * browsers record URLs that {@link URI} refuses ({@code ?a=b|c}, a stray {@code %}, a host with
   * {@code _}).
   */
  private static String[] origin(String url) {
    java.util.regex.Matcher m = ORIGIN.matcher(url);
    if (!m.find()) {
      return null;
    }
    String host = m.group(3).toLowerCase(Locale.ROOT);
    String port = m.group(4) == null ? "" : m.group(4);
    return new String[] {m.group(1).toLowerCase(Locale.ROOT), host, host + port};
  }

  /** The URL after its origin: path and query, "" when there is none. */
  private static String pathOf(String url) {
    java.util.regex.Matcher m = ORIGIN.matcher(url);
    return m.find() ? url.substring(m.end()) : url;
  }

  /** Where a 3xx entry sends the browser (absolute), or null. */
  private static String redirect(JsonObject e, String from) {
    int status = e.getJsonObject("response").getInt("status", 0);
    String to = e.getJsonObject("response").getString("redirectURL", "");
    if (status < 300 || status >= 400 || status == 304 || to.isEmpty()) {
      return null;
    }
    if (!to.startsWith("http")) {
      try {
        to = URI.create(from).resolve(to).toString();
      } catch (IllegalArgumentException unreadable) {
        return null;
      }
    }
    int hash = to.indexOf('#');
    return hash < 0 ? to : to.substring(0, hash);
  }

  /** The method the browser follows a 3xx with: 307 and 308 keep it, the others GET. */
  private static String redirectMethod(JsonObject e, String method) {
    int status = e.getJsonObject("response").getInt("status", 0);
    return status == 307 || status == 308 ? method : "GET";
  }

  /** {@code kept} with the response of the hop its redirect led to. */
  private static JsonObject withFinalResponse(JsonObject kept, JsonObject hop) {
    return Json.createObjectBuilder(kept).add("response", hop.getJsonObject("response")).build();
  }

  private static List<String> lower(List<String> hosts) {
    return hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  private static boolean asset(JsonObject e, String url) {
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
    String path = url.replaceFirst("[?#].*", "").toLowerCase(Locale.ROOT);
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
      try {
        text = new String(java.util.Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        return out;
      }
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

  /** A variable name from the JSON path's last key, not yet taken nor one the plan keeps. */
  private static String uniqueName(String jsonPath, java.util.Collection<String> taken) {
    String last = jsonPath.replaceAll("\\[\\d+]$", "");
    last = last.replaceFirst(".*(\\.|\\[')", "").replaceAll("[^A-Za-z0-9_]", "_");
    String name =
        last.isEmpty() || !Character.isLetter(last.charAt(0))
            ? "value"
            : last.substring(0, Math.min(56, last.length()));
    String candidate = name;
    for (int n = 2; taken.contains(candidate) || RESERVED.contains(candidate); n++) {
      candidate = name + n;
    }
    return candidate;
  }

  /** Names the plan gives values of its own. */
  static final Set<String> RESERVED = Set.of("user", "action", "param");

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
