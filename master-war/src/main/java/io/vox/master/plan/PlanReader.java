package io.vox.master.plan;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.vox.master.run.RunPlan;
import io.vox.master.run.Threshold;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Part;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Think;
import io.vox.messaging.scenario.Vocabulary;
import io.vox.messaging.scenario.WebSocketStep;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a plan from JSON and checks every field, collecting all errors, each named by its JSON
 * pointer, before it fails. Unknown fields are errors, so a typo never silently falls back to a
 * default. The format is described in docs/PLANS.md and docs/plan.schema.json.
 */
public final class PlanReader {
  public static final int MAX_USERS = 10_000_000;
  public static final int MAX_EXECUTIONS = 10_000;
  public static final int MAX_FEEDER_ROWS = 10_000_000;
  private static final int MAX_TEXT = 1 << 20;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
  private static final Set<String> MANAGED_HEADERS =
      Set.of("host", "content-length", "transfer-encoding", "connection");
  private static final Set<String> PLAN_FIELDS =
      Set.of(
          "name",
          "target",
          "users",
          "minNodes",
          "requestTimeoutMs",
          "rampUpMs",
          "maxDurationMs",
          "connections",
          "http",
          "tls",
          "hosts",
          "maxBodyBytes",
          "proxy",
          "feeders",
          "connect",
          "actions",
          "thresholds");
  private static final Set<String> FEEDER_FIELDS = Set.of("name", "strategy", "csv", "rows");
  private static final Set<String> ACTION_FIELDS =
      Set.of(
          "name",
          "repeat",
          "steps",
          "start",
          "delayMs",
          "atMs",
          "maxDurationMs",
          "arrivalRate",
          "arrivalRateTo",
          "loop");
  private static final Set<String> LOOP_FIELDS = Set.of("durationMs", "pacingMs");
  private static final Set<String> STEP_FIELDS = Set.of("request", "think", "pause", "ws");
  private static final Set<String> WS_FIELDS =
      Set.of("connect", "headers", "send", "sendJson", "expect", "extract", "timeoutMs", "close");
  private static final List<String> WS_KINDS =
      List.of("connect", "send", "sendJson", "expect", "close");
  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          "name",
          "method",
          "url",
          "headers",
          "body",
          "json",
          "form",
          "multipart",
          "bodyBase64",
          "bodyFile",
          "raw",
          "checks",
          "extract",
          "followRedirects");
  private static final Set<String> PART_FIELDS =
      Set.of("name", "value", "base64", "filename", "contentType", "file");
  private static final List<String> BODIES =
      List.of("body", "json", "form", "multipart", "bodyBase64");
  private static final int MAX_BINARY = 64 << 20;
  private static final Set<String> TLS_FIELDS =
      Set.of(
          "ca",
          "caFile",
          "insecure",
          "protocols",
          "cert",
          "key",
          "certFile",
          "keyFile",
          "pkcs12",
          "pkcs12File",
          "password");
  private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");
  private static final Set<String> CHECK_FIELDS =
      Set.of("status", "jsonPath", "equals", "bodyContains", "maxLatencyMs");
  private static final Set<String> EXTRACT_FIELDS = Set.of("name", "jsonPath", "header", "regex");
  private static final Set<String> THINK_FIELDS = Set.of("ms", "minMs", "maxMs", "meanMs");
  private static final Set<String> THRESHOLD_FIELDS = Set.of("metric", "action", "below");
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final List<String> STRATEGIES =
      List.of(Feeder.UNIQUE, Feeder.CIRCULAR, Feeder.RANDOM);
  private static final List<String> PAUSES = List.of("command", "manual");
  private static final long DAY_MS = 86_400_000L;

  /** A templated text met while reading, checked once every name is known. */
  private record TemplateUse(String at, String text) {}

  /** A pause between two parts of an action: the next part starts on the master's command. */
  private static final Step PAUSE_COMMAND = new Step(null, null, null);

  private static final Step PAUSE_MANUAL = new Step(null, null, null);

  /** The state of one read. */
  private static final class Read {
    final List<FieldError> errors = new ArrayList<>();
    final List<TemplateUse> templates = new ArrayList<>();
  }

  /** Parses and validates {@code json}; throws {@link InvalidPlanException} naming each error. */
  public RunPlan read(String json) {
    JsonObject root = parse(json);
    Read read = new Read();
    JsonFields p = new JsonFields(root, "", PLAN_FIELDS, read.errors);
    String name = p.string("name", false, "run", 200);
    String target = p.string("target", true, null, 2000);
    if (target != null) {
      checkTarget(target, p);
    }
    int users = (int) p.integer("users", true, 0, 1, MAX_USERS);
    int minNodes = (int) p.integer("minNodes", false, 1, 1, 10_000);
    int timeout = (int) p.integer("requestTimeoutMs", false, 10_000, 1, 600_000);
    int rampUpMs = (int) p.integer("rampUpMs", false, 0, 0, DAY_MS);
    long maxDurationMs = p.integer("maxDurationMs", false, 0, 0, 7 * DAY_MS);
    List<Feeder> feeders = feeders(p, users, read);
    List<Step> connect = steps(p, "connect", false, false, read);
    List<Action> actions = actions(p, read);
    List<Threshold> thresholds = thresholds(p, actions);
    int connections = connections(p);
    HttpOptions http =
        new HttpOptions(
            httpVersion(p),
            tls(p, read),
            hosts(p, read),
            (int) p.integer("maxBodyBytes", false, HttpOptions.DEFAULT_MAX_BODY_BYTES, 1, 1 << 30),
            proxy(p));
    Scenario scenario = new Scenario(connect, actions, feeders, rampUpMs, connections, http);
    if (scenario.executions() > MAX_EXECUTIONS) {
      p.error("actions", "make at most " + MAX_EXECUTIONS + " executions in all (repeats count)");
    }
    checkTemplates(scenario, read);
    if (!read.errors.isEmpty()) {
      throw new InvalidPlanException(read.errors);
    }
    return new RunPlan(name, target, users, minNodes, timeout, maxDurationMs, scenario, thresholds);
  }

  /** {@code "connections"}: "pooled" (the node's setting), "perUser", or a count per node. */
  private static int connections(JsonFields p) {
    JsonValue v = p.value("connections");
    if (v == null || v == JsonValue.NULL) {
      return 0;
    }
    if (v instanceof JsonString s) {
      switch (s.getString()) {
        case "pooled":
          return 0;
        case "perUser":
          return Scenario.PER_USER;
        default:
          p.error(
              "connections", "must be \"pooled\", \"perUser\" or a number of connections per node");
          return 0;
      }
    }
    return (int) p.integer("connections", false, 0, 1, 100_000);
  }

  /**
   * {@code "http"}: "auto" (the default: HTTP/2 where a TLS server offers it), "1.1" or "2" (over
   * TLS by ALPN, cleartext by prior knowledge).
   */
  private static String httpVersion(JsonFields p) {
    String v = p.string("http", false, HttpOptions.AUTO, 10);
    if (v != null
        && !List.of(HttpOptions.AUTO, HttpOptions.HTTP_1_1, HttpOptions.HTTP_2).contains(v)) {
      p.error("http", "must be \"auto\", \"1.1\" or \"2\"");
      return HttpOptions.AUTO;
    }
    return v;
  }

  /** {@code "proxy"}: {@code http://[user:password@]host:port}, or null for none. */
  private static String proxy(JsonFields p) {
    String v = p.string("proxy", false, null, 2000);
    if (v == null) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(v);
    } catch (java.net.URISyntaxException e) {
      p.error("proxy", "is not a URL (" + e.getReason() + "): use http://host:port");
      return null;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      p.error("proxy", "must be an http:// URL (http://host:port); a TLS proxy is not supported");
    } else if (uri.getHost() == null || uri.getPort() < 1) {
      p.error("proxy", "must name a host and a port: http://host:port");
    } else if ((uri.getRawPath() != null
            && !uri.getRawPath().isEmpty()
            && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      p.error("proxy", "must be http://host:port only, without a path or a query");
    } else if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().contains(":")) {
      p.error("proxy", "credentials must be user:password (http://user:password@host:port)");
    } else {
      return v;
    }
    return null;
  }

  /** {@code "tls"}: {@code ca} (PEM certificates), {@code insecure}, {@code protocols}. */
  private static HttpOptions.Tls tls(JsonFields p, Read read) {
    JsonObject o = p.object("tls", false);
    if (o == null) {
      return HttpOptions.Tls.DEFAULT;
    }
    JsonFields t = new JsonFields(o, p.ptr("tls"), TLS_FIELDS, read.errors);
    if (t.has("caFile")) {
      t.error("caFile", "is read by vox run only: send the PEM text as ca");
    }
    String ca = t.string("ca", false, null, MAX_TEXT);
    if (ca != null) {
      String problem = Certificates.problem(ca);
      if (problem != null) {
        t.error("ca", problem);
      }
    }
    boolean insecure = t.bool("insecure", false);
    if (insecure && ca != null) {
      t.error("insecure", "cannot be used with ca (nothing is verified)");
    }
    List<String> protocols = new ArrayList<>();
    JsonArray array = t.array("protocols", false, 1, 2);
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof JsonString s && TLS_PROTOCOLS.contains(s.getString())) {
          protocols.add(s.getString());
        } else {
          read.errors.add(
              new FieldError(t.ptr("protocols") + "/" + i, "must be one of " + TLS_PROTOCOLS));
        }
      }
    }
    for (String cliOnly : List.of("certFile", "keyFile", "pkcs12File")) {
      if (t.has(cliOnly)) {
        t.error(cliOnly, "is read by vox run only: send the file's content");
      }
    }
    String cert = t.string("cert", false, null, MAX_TEXT);
    String key = t.string("key", false, null, MAX_TEXT);
    String pkcs12 = t.string("pkcs12", false, null, MAX_TEXT * 2);
    String password = t.string("password", false, null, 1000);
    // a template (${feeder.column}) gives each user its own certificate, read when the user first
    // connects: a bad row fails that user only
    for (String field : List.of("cert", "key", "pkcs12", "password")) {
      String v = o.get(field) instanceof JsonString js ? js.getString() : null;
      if (v != null && v.contains("${")) {
        read.templates.add(new TemplateUse(t.ptr(field), v)); // its names must be defined
      }
    }
    boolean perUser = new HttpOptions.Tls(null, false, null, cert, key, pkcs12, password).perUser();
    if (cert != null && pkcs12 != null) {
      t.error("pkcs12", "cannot be used with cert (one client certificate)");
    } else if ((cert == null) != (key == null)) {
      t.error(cert == null ? "cert" : "key", "is required with " + (cert == null ? "key" : "cert"));
    } else if (cert != null && !perUser) {
      String problem = Certificates.clientProblem(cert, key);
      if (problem != null) {
        t.error(
            problem.startsWith("key") ? "key" : "cert", problem.replaceFirst("^(key|cert) ", ""));
      }
    } else if (pkcs12 != null && !perUser) {
      String problem = Certificates.pkcs12Problem(pkcs12, password);
      if (problem != null) {
        t.error("pkcs12", problem);
      }
    }
    return new HttpOptions.Tls(ca, insecure, protocols, cert, key, pkcs12, password);
  }

  /** {@code "hosts"}: host names to IP addresses (comma-separated for several). */
  private static Map<String, String> hosts(JsonFields p, Read read) {
    JsonObject o = p.object("hosts", false);
    Map<String, String> hosts = new LinkedHashMap<>();
    if (o == null) {
      return hosts;
    }
    if (o.size() > 1000) {
      p.error("hosts", "must name at most 1000 hosts");
      return hosts;
    }
    for (Map.Entry<String, JsonValue> e : o.entrySet()) {
      String at = p.ptr("hosts") + "/" + JsonFields.escape(e.getKey());
      if (!HOST_NAME.matcher(e.getKey()).matches() || e.getKey().length() > 253) {
        read.errors.add(new FieldError(at, "is not a host name"));
      } else if (!(e.getValue() instanceof JsonString s)) {
        read.errors.add(
            new FieldError(at, "must be an IP address, or several separated by commas"));
      } else if (!Arrays.stream(s.getString().split(",", -1)).allMatch(PlanReader::isIp)) {
        read.errors.add(
            new FieldError(at, "must be IP addresses (such as 127.0.0.1), separated by commas"));
      } else {
        hosts.put(e.getKey(), s.getString().replace(" ", ""));
      }
    }
    return hosts;
  }

  private static boolean isIp(String text) {
    String a = text.trim();
    if (IPV4.matcher(a).matches()) {
      return true;
    }
    if (!a.contains(":") || a.length() > 45) {
      return false;
    }
    try {
      java.net.InetAddress.getByName(a.startsWith("[") ? a : "[" + a + "]"); // a literal: no lookup
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static JsonObject parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidPlanException(List.of(new FieldError("", "body must be a JSON plan")));
    }
    try (JsonParser parser = Json.createParser(new StringReader(json))) {
      if (parser.next() != JsonParser.Event.START_OBJECT) {
        throw new InvalidPlanException(List.of(new FieldError("", "must be a JSON object")));
      }
      JsonObject plan = parser.getObject();
      if (parser.hasNext()) {
        throw new InvalidPlanException(
            List.of(new FieldError("", "not valid JSON: text after the plan's closing }")));
      }
      return plan;
    } catch (JsonParsingException e) {
      throw new InvalidPlanException(
          List.of(new FieldError("", "not valid JSON: " + e.getMessage())));
    } catch (jakarta.json.JsonException | java.util.NoSuchElementException e) {
      throw new InvalidPlanException(List.of(new FieldError("", "not valid JSON")));
    }
  }

  private static void checkTarget(String target, JsonFields p) {
    try {
      URI uri = new URI(target);
      if (!isHttp(uri)) {
        p.error("target", "must be an http:// or https:// URL with a host");
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        p.error("target", "must not have a query or fragment");
      }
    } catch (URISyntaxException e) {
      p.error("target", "is not a URL: " + e.getReason());
    }
  }

  private static boolean isHttp(URI uri) {
    return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && uri.getHost() != null;
  }

  /** Whether {@code url} is an absolute http(s) URL with a host (templates may follow it). */
  private static boolean absoluteUrl(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      return false;
    }
    int end = url.indexOf('/', url.indexOf("://") + 3);
    String origin = end < 0 ? url : url.substring(0, end);
    if (origin.contains("${")) {
      return true; // a host from a feeder or an extraction: checked when it is used
    }
    try {
      return isHttp(new URI(origin));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- feeders

  private static List<Feeder> feeders(JsonFields p, int users, Read read) {
    JsonArray array = p.array("feeders", false, 0, 20);
    List<Feeder> feeders = new ArrayList<>();
    if (array == null) {
      return feeders;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = p.ptr("feeders") + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, read.errors);
      if (o == null) {
        continue;
      }
      JsonFields f = new JsonFields(o, at, FEEDER_FIELDS, read.errors);
      String name = f.string("name", true, null, 64);
      if (name != null && !IDENTIFIER.matcher(name).matches()) {
        f.error("name", "must be letters, digits or _ and not start with a digit");
        name = null;
      } else if (name != null && !names.add(name)) {
        f.error("name", "is used by another feeder");
      }
      String strategy = f.string("strategy", false, Feeder.CIRCULAR, 20);
      if (strategy != null && !STRATEGIES.contains(strategy)) {
        f.error("strategy", "must be one of " + STRATEGIES);
        strategy = null;
      }
      List<String> columns = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      if (f.has("csv") == f.has("rows")) {
        f.error(null, "needs exactly one of csv and rows");
      } else if (f.has("csv")) {
        csv(f, columns, rows);
      } else {
        jsonRows(f, columns, rows, read);
      }
      if (Feeder.UNIQUE.equals(strategy) && !rows.isEmpty() && rows.size() < users) {
        f.error(
            "strategy",
            "unique needs a row for each of the "
                + users
                + " users; the feeder has "
                + rows.size());
      }
      if (name != null && strategy != null && !rows.isEmpty()) {
        feeders.add(new Feeder(name, strategy, columns, rows));
      }
    }
    return feeders;
  }

  private static void csv(JsonFields f, List<String> columns, List<List<String>> rows) {
    String text = f.string("csv", true, null, 256 << 20);
    if (text == null) {
      return;
    }
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      List<String> header = parser.getHeaderNames();
      if (!checkColumns(f, "csv", header)) {
        return;
      }
      for (CSVRecord record : parser) {
        if (record.size() != header.size()) {
          f.error(
              "csv",
              "line "
                  + parser.getCurrentLineNumber()
                  + " has "
                  + record.size()
                  + " values; the header has "
                  + header.size());
          return;
        }
        if (rows.size() == MAX_FEEDER_ROWS) {
          f.error("csv", "must have at most " + MAX_FEEDER_ROWS + " rows");
          return;
        }
        rows.add(record.toList());
      }
      columns.addAll(header);
    } catch (IOException
        | java.io.UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      f.error("csv", "is not valid CSV: " + cause.getMessage());
      return;
    }
    if (rows.isEmpty()) {
      f.error("csv", "must have a header line and at least one row");
    }
  }

  private static boolean checkColumns(JsonFields f, String field, List<String> columns) {
    if (columns.isEmpty()) {
      f.error(field, "must start with a header line naming the columns");
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (!IDENTIFIER.matcher(c).matches()) {
        f.error(field, "column \"" + c + "\" must be letters, digits or _");
        return false;
      }
      if (!seen.add(c)) {
        f.error(field, "column \"" + c + "\" is named twice");
        return false;
      }
    }
    return true;
  }

  private static void jsonRows(
      JsonFields f, List<String> columns, List<List<String>> rows, Read read) {
    JsonArray array = f.array("rows", true, 1, MAX_FEEDER_ROWS);
    if (array == null) {
      return;
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int r = 0; r < array.size(); r++) {
      String at = f.ptr("rows") + "/" + r;
      JsonObject o = JsonFields.object(array.get(r), at, read.errors);
      if (o == null) {
        return;
      }
      if (r == 0) {
        o.keySet().forEach(k -> index.put(k, index.size()));
        if (!checkColumns(f, "rows", List.copyOf(index.keySet()))) {
          return;
        }
      } else if (!o.keySet().equals(index.keySet())) {
        read.errors.add(
            new FieldError(at, "must have the same fields as row 0: " + index.keySet()));
        return;
      }
      List<String> row = new ArrayList<>(index.size());
      for (String column : index.keySet()) {
        JsonValue v = o.get(column);
        if (v instanceof JsonString s) {
          row.add(s.getString());
        } else if (v.getValueType() == JsonValue.ValueType.NUMBER
            || v.getValueType() == JsonValue.ValueType.TRUE
            || v.getValueType() == JsonValue.ValueType.FALSE) {
          row.add(v.toString());
        } else {
          read.errors.add(
              new FieldError(
                  at + "/" + JsonFields.escape(column), "must be a string, number or boolean"));
          return;
        }
      }
      rows.add(row);
    }
    columns.addAll(index.keySet());
  }

  // ---------------------------------------------------------------- actions and steps

  private static List<Action> actions(JsonFields p, Read read) {
    JsonArray array = p.array("actions", true, 1, 1000);
    List<Action> actions = new ArrayList<>();
    if (array == null) {
      return actions;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = p.ptr("actions") + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, read.errors);
      if (o == null) {
        continue;
      }
      JsonFields a = new JsonFields(o, at, ACTION_FIELDS, read.errors);
      String name = a.string("name", false, "action-" + (i + 1), 100);
      if (name != null && !names.add(name)) {
        a.error("name", "is used by another action");
      }
      int repeat = (int) a.integer("repeat", false, 1, 1, MAX_EXECUTIONS);
      String start = a.string("start", false, Action.AUTO, 20);
      if (start != null && !List.of(Action.AUTO, Action.MANUAL).contains(start)) {
        a.error("start", "must be auto or manual");
      }
      int delayMs = (int) a.integer("delayMs", false, 0, 0, DAY_MS);
      int atMs = (int) a.integer("atMs", false, 0, 0, 7 * DAY_MS);
      int maxDurationMs = (int) a.integer("maxDurationMs", false, 0, 0, DAY_MS);
      double rate = a.number("arrivalRate", false, 0, 0.001, 1_000_000);
      double rateTo = a.number("arrivalRateTo", false, 0, 0.001, 1_000_000);
      if (a.has("arrivalRateTo") && !a.has("arrivalRate")) {
        a.error("arrivalRateTo", "needs arrivalRate");
      }
      int loopMs = 0;
      int pacingMs = 0;
      JsonObject loop = a.object("loop", false);
      if (loop != null) {
        JsonFields l = new JsonFields(loop, a.ptr("loop"), LOOP_FIELDS, read.errors);
        loopMs = (int) l.integer("durationMs", true, 0, 1, DAY_MS);
        pacingMs = (int) l.integer("pacingMs", false, 0, 0, DAY_MS);
      }
      List<Step> steps = steps(a, "steps", true, true, read);
      List<List<Step>> parts = new ArrayList<>(List.of(new ArrayList<>()));
      List<Step> pauses = new ArrayList<>();
      for (Step s : steps) {
        if (s == PAUSE_COMMAND || s == PAUSE_MANUAL) {
          pauses.add(s);
          parts.add(new ArrayList<>());
        } else {
          parts.get(parts.size() - 1).add(s);
        }
      }
      if (parts.stream().anyMatch(List::isEmpty) && !steps.isEmpty()) {
        a.error("steps", "a pause must stand between two steps");
        continue;
      }
      if (loop != null && !pauses.isEmpty()) {
        a.error("loop", "cannot be used with a pause in the steps");
      }
      for (int r = 0; r < (pauses.isEmpty() ? 1 : repeat); r++) {
        for (int part = 0; part < parts.size(); part++) {
          boolean first = part == 0;
          String partName = first ? name : name + "#" + (part + 1);
          String partStart =
              first ? start : pauses.get(part - 1) == PAUSE_MANUAL ? Action.MANUAL : Action.AUTO;
          actions.add(
              new Action(
                  partName,
                  pauses.isEmpty() ? repeat : 1,
                  parts.get(part),
                  partStart,
                  first ? delayMs : 0,
                  first && r == 0 ? atMs : 0,
                  maxDurationMs,
                  first ? rate : 0,
                  first ? rateTo : 0,
                  loopMs,
                  pacingMs));
        }
      }
    }
    return actions;
  }

  private static List<Step> steps(
      JsonFields parent, String field, boolean required, boolean pauses, Read read) {
    JsonArray array = parent.array(field, required, required ? 1 : 0, 100);
    List<Step> steps = new ArrayList<>();
    if (array == null) {
      return steps;
    }
    for (int i = 0; i < array.size(); i++) {
      String at = parent.ptr(field) + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, read.errors);
      if (o == null) {
        continue;
      }
      JsonFields s = new JsonFields(o, at, STEP_FIELDS, read.errors);
      int kinds =
          (s.has("request") ? 1 : 0)
              + (s.has("think") ? 1 : 0)
              + (s.has("pause") ? 1 : 0)
              + (s.has("ws") ? 1 : 0);
      if (kinds != 1) {
        s.error(null, "needs exactly one of request, think, ws" + (pauses ? " and pause" : ""));
        continue;
      }
      if (s.has("request")) {
        JsonObject r = s.object("request", true);
        Request request = r == null ? null : request(r, s.ptr("request"), read);
        if (request != null) {
          steps.add(new Step(request, null, null));
        }
      } else if (s.has("ws")) {
        JsonObject w = s.object("ws", true);
        WebSocketStep ws = w == null ? null : webSocket(w, s.ptr("ws"), read);
        if (ws != null) {
          steps.add(new Step(null, null, ws));
        }
      } else if (s.has("think")) {
        JsonObject t = s.object("think", true);
        Think think =
            t == null ? null : think(new JsonFields(t, s.ptr("think"), THINK_FIELDS, read.errors));
        if (think != null) {
          steps.add(new Step(null, think, null));
        }
      } else if (!pauses) {
        s.error("pause", "is only allowed in the steps of an action");
      } else {
        String pause = s.string("pause", true, null, 20);
        if (pause != null && !PAUSES.contains(pause)) {
          s.error("pause", "must be one of " + PAUSES);
        } else if (pause != null) {
          steps.add(pause.equals("manual") ? PAUSE_MANUAL : PAUSE_COMMAND);
        }
      }
    }
    return steps;
  }

  private static Request request(JsonObject o, String at, Read read) {
    int before = read.errors.size();
    JsonFields r = new JsonFields(o, at, REQUEST_FIELDS, read.errors);
    String name = r.string("name", false, null, 100);
    String method = r.string("method", false, "GET", 10);
    if (method != null && !METHODS.contains(method)) {
      r.error("method", "must be one of " + METHODS);
    }
    String url = r.string("url", true, null, 8000);
    if (url != null && !url.startsWith("/") && !absoluteUrl(url)) {
      r.error(
          "url",
          "must be a path starting with / (below the plan's target) or an http:// or https:// URL"
              + " with a host");
    } else if (url != null && (url.contains(" ") || url.contains("#"))) {
      r.error("url", "must not contain spaces or #");
    } else if (url != null) {
      read.templates.add(new TemplateUse(r.ptr("url"), url));
    }
    Map<String, String> headers = headers(r, read);
    String body = r.string("body", false, null, MAX_TEXT);
    if (body != null) {
      read.templates.add(new TemplateUse(r.ptr("body"), body));
    }
    List<String> bodies = BODIES.stream().filter(r::has).toList();
    if (bodies.size() > 1) {
      r.error(bodies.get(1), "cannot be used with " + bodies.get(0) + " (one body per request)");
    }
    if (r.has("json") && !r.has("body")) {
      body = r.value("json").toString();
      read.templates.add(new TemplateUse(r.ptr("json"), body));
    }
    for (String cliOnly : List.of("bodyFile", "raw")) {
      if (r.has(cliOnly)) {
        r.error(cliOnly, "is read by vox run only: send the file's text as body (or bodyBase64)");
      }
    }
    Map<String, String> form = form(r, read);
    List<Part> multipart = multipart(r, read);
    if (multipart != null
        && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"))) {
      r.error("headers", "cannot set Content-Type with multipart (Vox sets it with the boundary)");
    }
    String bodyBase64 = r.string("bodyBase64", false, null, MAX_BINARY / 3 * 4 + 4);
    if (bodyBase64 != null) {
      try {
        java.util.Base64.getDecoder().decode(bodyBase64);
      } catch (IllegalArgumentException e) {
        r.error("bodyBase64", "is not base64");
      }
    }
    List<Check> checks = checks(r, "checks", true, read);
    List<Extract> extract = extracts(r, read);
    Boolean follow = r.has("followRedirects") ? r.bool("followRedirects", true) : null;
    if (read.errors.size() > before) {
      return null;
    }
    return new Request(
        name, method, url, headers, body, checks, extract, follow, form, multipart, bodyBase64);
  }

  /** {@code "form"}: field names to values (templated), sent URL-encoded. */
  private static Map<String, String> form(JsonFields r, Read read) {
    JsonObject o = r.object("form", false);
    if (o == null) {
      return null;
    }
    if (o.size() > 1000) {
      r.error("form", "must have at most 1000 fields");
      return null;
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (var e : o.entrySet()) {
      String at = r.ptr("form") + "/" + JsonFields.escape(e.getKey());
      if (e.getKey().isEmpty()) {
        read.errors.add(new FieldError(at, "a field needs a name"));
      } else if (!(e.getValue() instanceof JsonString v)) {
        read.errors.add(new FieldError(at, "must be a string"));
      } else if (v.getString().length() > MAX_TEXT) {
        read.errors.add(new FieldError(at, "must have at most " + MAX_TEXT + " characters"));
      } else {
        form.put(e.getKey(), v.getString());
        read.templates.add(new TemplateUse(at, v.getString()));
      }
    }
    return form;
  }

  /** {@code "multipart"}: parts with a text value (templated) or a file's bytes (base64). */
  private static List<Part> multipart(JsonFields r, Read read) {
    JsonArray array = r.array("multipart", false, 1, 100);
    if (array == null) {
      return null;
    }
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = r.ptr("multipart") + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, read.errors);
      if (o == null) {
        continue;
      }
      JsonFields p = new JsonFields(o, at, PART_FIELDS, read.errors);
      String name = p.string("name", true, null, 200);
      if (p.has("file")) {
        p.error("file", "is read by vox run only: send the file's bytes as base64");
        continue;
      }
      if (p.has("value") == p.has("base64")) {
        p.error(null, "needs exactly one of value and base64");
        continue;
      }
      String value = p.string("value", false, null, MAX_TEXT);
      if (value != null) {
        read.templates.add(new TemplateUse(p.ptr("value"), value));
      }
      String base64 = p.string("base64", false, null, MAX_BINARY / 3 * 4 + 4);
      if (base64 != null) {
        try {
          java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
          p.error("base64", "is not base64");
        }
      }
      String filename = p.string("filename", false, null, 200);
      String contentType = p.string("contentType", false, null, 200);
      for (String f : new String[] {name, filename, contentType}) {
        if (f != null && (f.contains("\"") || f.contains("\r") || f.contains("\n"))) {
          p.error(null, "name, filename and contentType must be one line without quotes");
          break;
        }
      }
      parts.add(new Part(name, value, base64, filename, contentType));
    }
    return parts;
  }

  private static WebSocketStep webSocket(JsonObject o, String at, Read read) {
    int before = read.errors.size();
    JsonFields w = new JsonFields(o, at, WS_FIELDS, read.errors);
    List<String> kinds = WS_KINDS.stream().filter(w::has).toList();
    if (kinds.size() != 1) {
      w.error(null, "needs exactly one of connect, send, sendJson, expect and close");
      return null;
    }
    String kind = kinds.get(0);
    if (w.has("headers") && !kind.equals("connect")) {
      w.error("headers", "is only allowed with connect");
    }
    for (String only : List.of("extract", "timeoutMs")) {
      if (w.has(only) && !kind.equals("expect")) {
        w.error(only, "is only allowed with expect");
      }
    }
    String url = null;
    Map<String, String> headers = Map.of();
    String text = null;
    List<Check> checks = List.of();
    List<Extract> extract = List.of();
    int timeoutMs = 0;
    switch (kind) {
      case "connect" -> {
        url = w.string("connect", true, null, 8000);
        if (url != null && !url.startsWith("/")) {
          w.error("connect", "must be a path starting with / (the plan's target gives the host)");
        } else if (url != null) {
          read.templates.add(new TemplateUse(w.ptr("connect"), url));
        }
        headers = headers(w, read);
      }
      case "send" -> {
        text = w.string("send", true, null, MAX_TEXT);
        if (text != null) {
          read.templates.add(new TemplateUse(w.ptr("send"), text));
        }
      }
      case "sendJson" -> {
        text = w.value("sendJson").toString();
        read.templates.add(new TemplateUse(w.ptr("sendJson"), text));
      }
      case "expect" -> {
        checks = checks(w, "expect", false, read);
        extract = extracts(w, read);
        timeoutMs = (int) w.integer("timeoutMs", false, 10_000, 1, 600_000);
      }
      default -> {
        if (w.value("close") != JsonValue.TRUE) {
          w.error("close", "must be true");
        }
      }
    }
    if (read.errors.size() > before) {
      return null;
    }
    String k = kind.equals("sendJson") ? WebSocketStep.SEND : kind;
    return new WebSocketStep(k, url, headers, text, checks, extract, timeoutMs);
  }

  private static Map<String, String> headers(JsonFields r, Read read) {
    JsonObject o = r.object("headers", false);
    Map<String, String> headers = new LinkedHashMap<>();
    if (o == null) {
      return headers;
    }
    if (o.size() > 50) {
      r.error("headers", "must have at most 50 headers");
      return headers;
    }
    Set<String> seen = new HashSet<>();
    for (var e : o.entrySet()) {
      String at = r.ptr("headers") + "/" + JsonFields.escape(e.getKey());
      String lower = e.getKey().toLowerCase(java.util.Locale.ROOT);
      if (!HEADER_NAME.matcher(e.getKey()).matches()) {
        read.errors.add(new FieldError(at, "is not a valid header name"));
      } else if (MANAGED_HEADERS.contains(lower)) {
        read.errors.add(new FieldError(at, "is set by Vox and cannot be given"));
      } else if (!seen.add(lower)) {
        read.errors.add(new FieldError(at, "is given twice (names are not case-sensitive)"));
      } else if (!(e.getValue() instanceof JsonString s)) {
        read.errors.add(new FieldError(at, "must be a string"));
      } else if (s.getString().length() > 8000 || s.getString().matches("(?s).*[\r\n].*")) {
        read.errors.add(new FieldError(at, "must be one line of at most 8000 characters"));
      } else {
        headers.put(e.getKey(), s.getString());
        read.templates.add(new TemplateUse(at, s.getString()));
      }
    }
    return headers;
  }

  private static List<Check> checks(JsonFields r, String field, boolean httpResponse, Read read) {
    JsonArray array = r.array(field, false, 0, 50);
    List<Check> checks = new ArrayList<>();
    if (array == null) {
      return checks;
    }
    for (int i = 0; i < array.size(); i++) {
      String at = r.ptr(field) + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, read.errors);
      if (o == null) {
        continue;
      }
      JsonFields c = new JsonFields(o, at, CHECK_FIELDS, read.errors);
      int kinds =
          (c.has("status") ? 1 : 0)
              + (c.has("jsonPath") ? 1 : 0)
              + (c.has("bodyContains") ? 1 : 0)
              + (c.has("maxLatencyMs") ? 1 : 0);
      if (kinds != 1) {
        c.error(null, "needs exactly one of status, jsonPath, bodyContains and maxLatencyMs");
        continue;
      }
      if (c.has("equals") && !c.has("jsonPath")) {
        c.error("equals", "is only allowed with jsonPath");
      }
      if (c.has("status") && !httpResponse) {
        c.error("status", "is only for HTTP responses; a message has none");
      }
      Integer status = c.has("status") ? (int) c.integer("status", true, 0, 100, 599) : null;
      String jsonPath = c.has("jsonPath") ? jsonPath(c, "jsonPath") : null;
      String equals = c.scalar("equals");
      if (equals != null) {
        read.templates.add(new TemplateUse(c.ptr("equals"), equals));
      }
      String contains = c.has("bodyContains") ? c.string("bodyContains", true, null, 8000) : null;
      if (contains != null) {
        read.templates.add(new TemplateUse(c.ptr("bodyContains"), contains));
      }
      Integer maxLatency =
          c.has("maxLatencyMs") ? (int) c.integer("maxLatencyMs", true, 0, 1, 600_000) : null;
      checks.add(new Check(status, jsonPath, equals, contains, maxLatency));
    }
    return checks;
  }

  private static String jsonPath(JsonFields f, String field) {
    String path = f.string(field, true, null, 1000);
    if (path == null) {
      return null;
    }
    if (!path.startsWith("$")) {
      f.error(field, "must start with $");
      return null;
    }
    try {
      JsonPath.compile(path);
      return path;
    } catch (InvalidPathException | IllegalArgumentException e) {
      f.error(field, "is not a valid JSON path: " + e.getMessage());
      return null;
    }
  }

  private static List<Extract> extracts(JsonFields r, Read read) {
    JsonArray array = r.array("extract", false, 0, 50);
    List<Extract> extracts = new ArrayList<>();
    if (array == null) {
      return extracts;
    }
    for (int i = 0; i < array.size(); i++) {
      String at = r.ptr("extract") + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, read.errors);
      if (o == null) {
        continue;
      }
      JsonFields e = new JsonFields(o, at, EXTRACT_FIELDS, read.errors);
      String name = e.string("name", true, null, 64);
      if (name != null
          && (!IDENTIFIER.matcher(name).matches()
              || name.equals(Vocabulary.USER)
              || name.equals(Vocabulary.ACTION))) {
        e.error("name", "must be letters, digits or _, and not user or action");
      }
      int kinds =
          (e.has("jsonPath") ? 1 : 0) + (e.has("header") ? 1 : 0) + (e.has("regex") ? 1 : 0);
      if (kinds != 1) {
        e.error(null, "needs exactly one of jsonPath, header and regex");
        continue;
      }
      String jsonPath = e.has("jsonPath") ? jsonPath(e, "jsonPath") : null;
      String header = e.has("header") ? e.string("header", true, null, 100) : null;
      if (header != null && !HEADER_NAME.matcher(header).matches()) {
        e.error("header", "is not a valid header name");
      }
      String regex = e.has("regex") ? e.string("regex", true, null, 1000) : null;
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException x) {
          e.error("regex", "is not a valid regular expression: " + x.getDescription());
        }
      }
      extracts.add(new Extract(name, jsonPath, header, regex));
    }
    return extracts;
  }

  private static Think think(JsonFields t) {
    boolean constant = t.has("ms");
    boolean uniform = t.has("minMs") || t.has("maxMs");
    boolean exponential = t.has("meanMs");
    if ((constant ? 1 : 0) + (uniform ? 1 : 0) + (exponential ? 1 : 0) != 1) {
      t.error(null, "needs exactly one of ms, minMs with maxMs, and meanMs");
      return null;
    }
    long max = DAY_MS;
    if (constant) {
      return new Think((int) t.integer("ms", true, 0, 0, max), null, null, null);
    }
    if (exponential) {
      return new Think(null, null, null, (int) t.integer("meanMs", true, 1, 1, max / 10));
    }
    int errors = t.errors().size();
    int min = (int) t.integer("minMs", true, 0, 0, max);
    int most = (int) t.integer("maxMs", true, 0, 0, max);
    if (t.errors().size() == errors && most < min) {
      t.error("maxMs", "must be at least minMs (" + min + ")");
    }
    return new Think(null, min, most, null);
  }

  // ---------------------------------------------------------------- thresholds and templates

  private static List<Threshold> thresholds(JsonFields p, List<Action> actions) {
    JsonArray array = p.array("thresholds", false, 0, 100);
    List<Threshold> thresholds = new ArrayList<>();
    if (array == null) {
      return thresholds;
    }
    Set<String> names = new HashSet<>();
    actions.forEach(a -> names.add(a.name()));
    for (int i = 0; i < array.size(); i++) {
      String at = p.ptr("thresholds") + "/" + i;
      JsonObject o = JsonFields.object(array.get(i), at, p.errors());
      if (o == null) {
        continue;
      }
      JsonFields t = new JsonFields(o, at, THRESHOLD_FIELDS, p.errors());
      String metric = t.string("metric", true, null, 20);
      if (metric != null && !Threshold.METRICS.contains(metric)) {
        t.error("metric", "must be one of " + Threshold.METRICS);
        metric = null;
      }
      String action = t.string("action", false, null, 100);
      if (action != null && !names.isEmpty() && !names.contains(action)) {
        t.error(
            "action", "names no action of the plan; actions: " + names.stream().sorted().toList());
      }
      double below = t.number("below", true, 0, 0, 1e12);
      if (metric != null) {
        thresholds.add(new Threshold(metric, action, below));
      }
    }
    return thresholds;
  }

  private static void checkTemplates(Scenario scenario, Read read) {
    Vocabulary vocabulary = Vocabulary.of(scenario);
    for (TemplateUse use : read.templates) {
      try {
        for (String name : Template.placeholders(use.text())) {
          if (!vocabulary.knows(name)) {
            read.errors.add(
                new FieldError(
                    use.at(),
                    "${" + name + "} is not defined; known names: " + vocabulary.names()));
          }
        }
      } catch (IllegalArgumentException e) {
        read.errors.add(new FieldError(use.at(), e.getMessage() + " (write $${ for a literal ${)"));
      }
    }
  }
}
