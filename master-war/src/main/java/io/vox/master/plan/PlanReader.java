package io.vox.master.plan;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.vox.master.run.RunPlan;
import io.vox.master.run.Threshold;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.Group;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Logic;
import io.vox.messaging.scenario.Part;
import io.vox.messaging.scenario.Program;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Think;
import io.vox.messaging.scenario.UserSplit;
import io.vox.messaging.scenario.Vocabulary;
import io.vox.messaging.scenario.WebSocketStep;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a plan from JSON: its shape is checked against docs/plan.schema.json ({@link PlanSchema},
 * every error at once, each named by its JSON pointer), then the plan is bound ({@link
 * PlanDocument}) and checked for what a schema cannot say (every ${name} defined, CSV that parses
 * with a row per user of a unique feeder, certificates that load, thresholds naming real
 * actions...), and built into the run's {@link RunPlan}. The format is described in docs/PLANS.md.
 */
public final class PlanReader {
  public static final int MAX_EXECUTIONS = 10_000;
  public static final int MAX_FEEDER_ROWS = 10_000_000;
  private static final double MAX_CAPPED_SECONDS = 7 * 86_400; // a run's longest maxDurationMs
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  // the schema's longest text (a feeder's CSV) is 256 Mi characters
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(300_000_000).build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES) // 10.0 stays 10.0
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();
  private static final String CLI_ONLY = "is read by vox run only: ";

  /** A pause between two parts of an action: the next part starts on the master's command. */
  private static final Step PAUSE_COMMAND = new Step(null, null, null, null);

  private static final Step PAUSE_MANUAL = new Step(null, null, null, null);

  /** A templated text met while reading, checked once every name is known. */
  private record TemplateUse(String at, String text) {}

  /** A forEach met while reading: {@code in} must name an extracted value. */
  private record ForEachUse(String at, String in, String as) {}

  /** The state of one read: the errors found and the templates to check at the end. */
  private static final class Read {
    final List<FieldError> errors = new ArrayList<>();
    final List<TemplateUse> templates = new ArrayList<>();
    final List<ForEachUse> forEach = new ArrayList<>();

    void forEach(String at, String in, String as) {
      forEach.add(new ForEachUse(at, in, as));
    }

    void error(String at, String message) {
      errors.add(new FieldError(at, message));
    }

    void template(String at, String text) {
      templates.add(new TemplateUse(at, text));
    }
  }

  /**
   * Parses and validates {@code json}, each parameter with its value; throws {@link
   * InvalidPlanException} naming each error.
   */
  public RunPlan read(String json) {
    return read(json, true);
  }

  /**
   * Parses and validates {@code json} as a plan kept for later (saved, or a run's stored plan): a
   * parameter without its value is no error there (see {@link PlanParams#resolve}).
   */
  public RunPlan readKept(String json) {
    return read(json, false);
  }

  private RunPlan read(String json, boolean needValues) {
    PlanParams.Resolved params = PlanParams.resolve(parse(json), needValues);
    JsonNode tree = params.tree();
    List<FieldError> shape = PlanSchema.errors(tree);
    if (!shape.isEmpty()) {
      List<FieldError> errors = new ArrayList<>(shape);
      errors.addAll(params.errors());
      errors.sort((a, b) -> PlanSchema.comparePointers(a.field(), b.field()));
      throw new InvalidPlanException(errors);
    }
    PlanDocument plan;
    try {
      plan = JSON.treeToValue(tree, PlanDocument.class);
    } catch (JsonMappingException e) {
      // what the schema let through and the binding does not (networknt 1.5 skips fields whose
      // name starts with #, for one): still the author's error, named where it is
      throw new InvalidPlanException(List.of(bindingError(e)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed plan does not bind", e);
    }
    Read read = new Read();
    read.errors.addAll(params.errors());
    checkTarget(plan.target(), read);
    Set<String> feederNames = new HashSet<>();
    List<Feeder> feeders = feeders(plan.feeders(), "/feeders", plan.users(), feederNames, read);
    List<Step> connect = steps(plan.connect(), "/connect", read);
    List<Action> actions = actions(plan.actions(), plan.users(), plan.groups() != null, read);
    List<Group> groups = groups(plan, actions, feederNames, read);
    HttpOptions http =
        new HttpOptions(
            plan.http() == null ? HttpOptions.AUTO : plan.http(),
            tls(plan.tls(), read),
            hosts(plan.hosts(), read),
            or(plan.maxBodyBytes(), HttpOptions.DEFAULT_MAX_BODY_BYTES),
            proxy(plan.proxy(), read),
            plan.preconnect() == null || plan.preconnect());
    Scenario scenario =
        new Scenario(
            connect,
            actions,
            feeders,
            or(plan.rampUpMs(), 0),
            connections(plan.connections()),
            http,
            groups);
    List<Threshold> thresholds = thresholds(plan.thresholds(), scenario, read);
    checkLength(scenario, read);
    if (scenario.executions() > MAX_EXECUTIONS) {
      read.error(
          "/actions", "make at most " + MAX_EXECUTIONS + " executions in all (repeats count)");
    }
    Map<String, String> secretNames = new LinkedHashMap<>();
    params.params().secretNames().forEach(n -> secretNames.put(n, ""));
    checkTemplates(scenario, secretNames, read);
    checkSecretUses(params.secretUses(), read);
    if (!read.errors.isEmpty()) {
      List<FieldError> errors = new ArrayList<>(read.errors);
      errors.sort((a, b) -> PlanSchema.comparePointers(a.field(), b.field()));
      throw new InvalidPlanException(errors);
    }
    return new RunPlan(
        plan.name() == null ? "run" : plan.name(),
        plan.target(),
        plan.users(),
        or(plan.minNodes(), 1),
        or(plan.requestTimeoutMs(), 10_000),
        plan.maxDurationMs() == null ? 0 : plan.maxDurationMs(),
        scenario,
        thresholds,
        params.params());
  }

  /** A secret stays a placeholder that only the nodes render: it may stand only in a template. */
  private static void checkSecretUses(List<String> uses, Read read) {
    for (String use : uses) {
      if (read.templates.stream()
          .noneMatch(t -> use.equals(t.at()) || use.startsWith(t.at() + "/"))) {
        read.error(
            use,
            "a secret parameter may stand only in a templated text (a request's url, header, body"
                + " or form field, a check, a WebSocket message, a per-user certificate): the"
                + " master reads this one and does not keep secrets");
      }
    }
  }

  private static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidPlanException(List.of(new FieldError("", "body must be a JSON plan")));
    }
    try {
      return JSON.readTree(json);
    } catch (MismatchedInputException e) {
      throw new InvalidPlanException(
          List.of(new FieldError("", "not valid JSON: text after the plan's closing }")));
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new InvalidPlanException(
          List.of(
              new FieldError(
                  "",
                  "not valid JSON: "
                      + e.getOriginalMessage()
                      + (where == null
                          ? ""
                          : " (line "
                              + where.getLineNr()
                              + ", column "
                              + where.getColumnNr()
                              + ")"))));
    } catch (IOException e) {
      throw new InvalidPlanException(
          List.of(new FieldError("", "not valid JSON: " + e.getClass().getSimpleName())));
    }
  }

  private static FieldError bindingError(JsonMappingException e) {
    StringBuilder at = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      at.append('/')
          .append(
              r.getFieldName() != null
                  ? r.getFieldName().replace("~", "~0").replace("/", "~1")
                  : String.valueOf(r.getIndex()));
    }
    if (e instanceof UnrecognizedPropertyException) {
      return new FieldError(at.toString(), "is not a known field");
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Class<?> type = m.getTargetType();
      String what =
          type == String.class
              ? "a string"
              : type == Integer.class || type == int.class || type == Long.class
                  ? "a whole number"
                  : type == Boolean.class ? "true or false" : "of another type";
      return new FieldError(at.toString(), "must be " + what);
    }
    return new FieldError(at.toString(), "is not valid here");
  }

  private static int or(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }

  private static String child(String at, String field) {
    return at + "/" + field.replace("~", "~0").replace("/", "~1");
  }

  // ---------------------------------------------------------------- plan-wide fields

  /** {@code "connections"}: "pooled" (the node's setting), "perUser", or a count per node. */
  private static int connections(JsonNode v) {
    if (v == null || v.isNull() || v.asText().equals("pooled")) {
      return 0;
    }
    return v.isTextual() ? Scenario.PER_USER : v.asInt();
  }

  private static void checkTarget(String target, Read read) {
    try {
      URI uri = new URI(target);
      if (!isHttp(uri)) {
        read.error("/target", "must be an http:// or https:// URL with a host");
      }
    } catch (URISyntaxException e) {
      read.error("/target", "is not a URL: " + e.getReason());
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

  /** {@code "proxy"}: the schema gives its form; here that it names a host and a port. */
  private static String proxy(String proxy, Read read) {
    if (proxy == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(proxy);
    } catch (URISyntaxException e) {
      read.error("/proxy", "is not a URL (" + e.getReason() + "): use http://host:port");
      return null;
    }
    if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
      read.error("/proxy", "must name a host and a port: http://host:port");
    } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      read.error("/proxy", "must be http://host:port only, without a path or a query");
    } else {
      return proxy;
    }
    return null;
  }

  /** {@code "tls"}: certificates must load; files are for vox run, which sends their content. */
  private static HttpOptions.Tls tls(PlanDocument.Tls t, Read read) {
    if (t == null) {
      return HttpOptions.Tls.DEFAULT;
    }
    String at = "/tls";
    if (t.caFile() != null) {
      read.error(at + "/caFile", CLI_ONLY + "send the PEM text as ca");
    }
    for (var cliOnly : List.of("certFile", "keyFile", "pkcs12File")) {
      String value =
          switch (cliOnly) {
            case "certFile" -> t.certFile();
            case "keyFile" -> t.keyFile();
            default -> t.pkcs12File();
          };
      if (value != null) {
        read.error(child(at, cliOnly), CLI_ONLY + "send the file's content");
      }
    }
    if (t.ca() != null) {
      String problem = Certificates.problem(t.ca());
      if (problem != null) {
        read.error(at + "/ca", problem);
      }
    }
    boolean insecure = Boolean.TRUE.equals(t.insecure());
    if (insecure && t.ca() != null) {
      read.error(at + "/insecure", "cannot be used with ca (nothing is verified)");
    }
    // a template (${feeder.column}) gives each user its own certificate, read when the user first
    // connects: a bad row fails that user only
    Map<String, String> templated = new LinkedHashMap<>();
    templated.put("cert", t.cert());
    templated.put("key", t.key());
    templated.put("pkcs12", t.pkcs12());
    templated.put("password", t.password());
    templated.forEach(
        (field, v) -> {
          if (v != null && v.contains("${")) {
            read.template(child(at, field), v);
          }
        });
    var tls =
        new HttpOptions.Tls(
            t.ca(),
            insecure,
            t.protocols(), // null: none named (HttpOptions.Tls keeps it empty)
            t.namedGroups(),
            t.cert(),
            t.key(),
            t.pkcs12(),
            t.password());
    if (t.cert() != null && !tls.perUser()) {
      String problem = Certificates.clientProblem(t.cert(), t.key());
      if (problem != null) {
        read.error(
            at + (problem.startsWith("key") ? "/key" : "/cert"),
            problem.replaceFirst("^(key|cert) ", ""));
      }
    } else if (t.pkcs12() != null && !tls.perUser()) {
      String problem = Certificates.pkcs12Problem(t.pkcs12(), t.password());
      if (problem != null) {
        read.error(at + "/pkcs12", problem);
      }
    }
    return tls;
  }

  /** {@code "hosts"}: host names to IP addresses (comma-separated for several). */
  private static Map<String, String> hosts(Map<String, String> hosts, Read read) {
    Map<String, String> out = new LinkedHashMap<>();
    if (hosts == null) {
      return out;
    }
    hosts.forEach(
        (name, addresses) -> {
          if (Arrays.stream(addresses.split(",", -1)).allMatch(PlanReader::isIp)) {
            out.put(name, addresses.replace(" ", ""));
          } else {
            read.error(
                child("/hosts", name),
                "must be IP addresses (such as 127.0.0.1), separated by commas");
          }
        });
    return out;
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
      InetAddress.getByName(a.startsWith("[") ? a : "[" + a + "]"); // a literal: no lookup
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- feeders

  /**
   * The feeders of {@code list} (at {@code where}) for {@code users} users; {@code names} holds the
   * feeder names already taken.
   */
  private static List<Feeder> feeders(
      List<PlanDocument.Feeder> list, String where, long users, Set<String> names, Read read) {
    List<Feeder> feeders = new ArrayList<>();
    if (list == null) {
      return feeders;
    }
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Feeder f = list.get(i);
      String at = where + "/" + i;
      if (!names.add(f.name())) {
        read.error(at + "/name", "is used by another feeder");
      }
      String strategy = f.strategy() == null ? Feeder.CIRCULAR : f.strategy();
      List<String> columns = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      if (f.csvFile() != null) {
        read.error(at + "/csvFile", CLI_ONLY + "send the file's text as csv");
      } else if (f.csv() != null) {
        csv(f.csv(), at + "/csv", columns, rows, read);
      } else {
        jsonRows(f.rows(), at + "/rows", columns, rows, read);
      }
      if (Feeder.UNIQUE.equals(strategy) && !rows.isEmpty() && rows.size() < users) {
        read.error(
            at + "/strategy",
            "unique needs a row for each of the "
                + users
                + (where.startsWith("/groups") ? " users of the group" : " users")
                + "; the feeder has "
                + rows.size());
      }
      if (!rows.isEmpty()) {
        feeders.add(new Feeder(f.name(), strategy, columns, rows));
      }
    }
    return feeders;
  }

  private static void csv(
      String text, String at, List<String> columns, List<List<String>> rows, Read read) {
    if (text.isBlank()) {
      read.error(at, "must not be blank");
      return;
    }
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      List<String> header = parser.getHeaderNames();
      if (!checkColumns(at, header, read)) {
        return;
      }
      for (CSVRecord record : parser) {
        if (record.size() != header.size()) {
          read.error(
              at,
              "line "
                  + parser.getCurrentLineNumber()
                  + " has "
                  + record.size()
                  + " values; the header has "
                  + header.size());
          return;
        }
        if (rows.size() == MAX_FEEDER_ROWS) {
          read.error(at, "must have at most " + MAX_FEEDER_ROWS + " rows");
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
      read.error(at, "is not valid CSV: " + cause.getMessage());
      return;
    }
    if (rows.isEmpty()) {
      read.error(at, "must have a header line and at least one row");
    }
  }

  private static boolean checkColumns(String at, List<String> columns, Read read) {
    if (columns.isEmpty()) {
      read.error(at, "must start with a header line naming the columns");
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (!IDENTIFIER.matcher(c).matches()) {
        read.error(at, "column \"" + c + "\" must be letters, digits or _");
        return false;
      }
      if (!seen.add(c)) {
        read.error(at, "column \"" + c + "\" is named twice");
        return false;
      }
    }
    return true;
  }

  private static void jsonRows(
      List<Map<String, JsonNode>> array,
      String at,
      List<String> columns,
      List<List<String>> rows,
      Read read) {
    if (array.size() > MAX_FEEDER_ROWS) {
      read.error(at, "must have at most " + MAX_FEEDER_ROWS + " rows");
      return;
    }
    Set<String> header = array.get(0).keySet();
    if (!checkColumns(at, List.copyOf(header), read)) {
      return;
    }
    for (int r = 0; r < array.size(); r++) {
      Map<String, JsonNode> o = array.get(r);
      if (!o.keySet().equals(header)) {
        read.error(at + "/" + r, "must have the same fields as row 0: " + header);
        return;
      }
      List<String> row = new ArrayList<>(header.size());
      for (String column : header) {
        row.add(scalar(o.get(column)));
      }
      rows.add(row);
    }
    columns.addAll(header);
  }

  /** A string, number or boolean (the schema allows no other) as text. */
  private static String scalar(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isTextual() ? v.textValue() : v.toString();
  }

  // ---------------------------------------------------------------- groups

  /**
   * {@code "groups"}: each group's users (exact counts first, the rest shared by weight), its
   * feeders (rows by the user's rank in the group), connect steps and steps by action name; none
   * without groups.
   */
  private static List<Group> groups(
      PlanDocument plan, List<Action> actions, Set<String> feederNames, Read read) {
    List<Group> groups = new ArrayList<>();
    if (plan.groups() == null) {
      return groups;
    }
    long[] counts = counts(plan.groups(), plan.users(), read);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      index.put(actions.get(i).name(), i);
    }
    boolean[] acted = new boolean[actions.size()];
    Set<String> names = new HashSet<>();
    for (int g = 0; g < plan.groups().size(); g++) {
      PlanDocument.Group group = plan.groups().get(g);
      String at = "/groups/" + g;
      if (!names.add(group.name())) {
        read.error(at + "/name", "is used by another group");
      }
      List<Feeder> feeders =
          feeders(group.feeders(), at + "/feeders", counts[g], feederNames, read);
      List<Step> connect = steps(group.connect(), at + "/connect", read);
      List<List<Step>> steps =
          new ArrayList<>(java.util.Collections.nCopies(actions.size(), List.of()));
      for (var e : group.steps().entrySet()) {
        String here = child(at + "/steps", e.getKey());
        Integer i = index.get(e.getKey());
        List<Step> own = steps(e.getValue(), here, read);
        for (int s = 0; s < own.size(); s++) {
          if (own.get(s) == PAUSE_COMMAND || own.get(s) == PAUSE_MANUAL) {
            read.error(here + "/" + s + "/pause", "cannot be used in a group's steps");
          }
        }
        if (i == null) {
          read.error(here, "is not an action of the plan; its actions: " + index.keySet());
        } else {
          steps.set(i, own);
          acted[i] = true;
        }
      }
      groups.add(new Group(group.name(), counts[g], connect, feeders, steps));
    }
    for (int i = 0; i < acted.length; i++) {
      long acting = 0;
      for (Group g : groups) {
        acting += g.actsIn(i) ? g.users() : 0;
      }
      if (!acted[i]) {
        read.error("/actions/" + i, "no group has steps for this action");
      } else if (acting == 0) {
        read.error(
            "/actions/" + i,
            "no user takes part: the groups with steps for this action have 0 users");
      } else {
        checkCap("/actions/" + i, acting, actions.get(i).maxRps(), read);
        Action a = actions.get(i);
        checkUserStages(
            "/actions/" + i, acting, a.userStages().isEmpty() ? null : a.userStages(), read);
        checkStages(
            "/actions/" + i,
            acting,
            a.arrivalRate(),
            a.arrivalStages().isEmpty() ? null : a.arrivalStages(),
            read);
      }
    }
    return groups;
  }

  /**
   * How long the action loops, in ms (0: no loop): its {@code loop.durationMs}, or the sum of its
   * user stages, which then say how long it lasts.
   */
  private static int loop(
      PlanDocument.Action a, List<Action.UserStage> stages, String at, Read read) {
    Integer given = a.loop() == null ? null : a.loop().durationMs();
    if (stages == null) {
      if (a.loop() != null && given == null) {
        read.error(at + "/loop/durationMs", "is required (or give userStages)");
      }
      return given == null ? 0 : given;
    }
    long sum = stages.stream().mapToLong(Action.UserStage::durationMs).sum();
    if (given != null) {
      read.error(
          at + "/loop/durationMs",
          "is left out with userStages: the loop lasts their sum (" + sum + " ms)");
    }
    if (sum < 1 || sum > 86_400_000) {
      read.error(at + "/userStages", "must last 1 ms to 24 h in all; they last " + sum + " ms");
      return 0;
    }
    return (int) sum;
  }

  /** No stage may ask for more users than take part in the action. */
  private static void checkUserStages(
      String at, long users, List<Action.UserStage> stages, Read read) {
    if (stages == null) {
      return;
    }
    for (int s = 0; s < stages.size(); s++) {
      if (stages.get(s).users() > users) {
        read.error(
            at + "/userStages/" + s + "/users",
            "is more than the " + users + " users that take part in the action");
      }
    }
  }

  /**
   * Stages that end at rate 0 must bring every user of the action in (the others would never
   * arrive), within 7 days.
   */
  private static void checkStages(
      String at, long users, double rate, List<Action.Stage> stages, Read read) {
    if (stages == null || users == 0) {
      return;
    }
    Action probe =
        new Action("a", 1, List.of(), Action.AUTO, 0, 0, 0, rate, 0, 0, 0, 0, stages, null);
    long lastUs = probe.arrivalOffsetUs(users - 1, users);
    if (lastUs == Long.MAX_VALUE) {
      read.error(
          at + "/arrivalStages",
          "end at rate 0 before the action's " + users + " users have all arrived");
    } else if (lastUs / 1e6 > MAX_CAPPED_SECONDS) {
      read.error(
          at + "/arrivalStages", "bring the action's " + users + " users in over more than 7 days");
    }
  }

  /** A cap under which the action's users would need more than 7 days for one request each. */
  private static void checkCap(String at, long users, Double maxRps, Read read) {
    if (maxRps != null && maxRps > 0 && users / maxRps > MAX_CAPPED_SECONDS) {
      read.error(
          at + "/maxRps",
          "is too low: the "
              + users
              + " users of this action would need "
              + Math.round(users / maxRps / 86_400)
              + " days for one request each (at most 7)");
    }
  }

  /** The users of each group: its exact {@code users}, or its share of the rest by weight. */
  private static long[] counts(List<PlanDocument.Group> groups, int users, Read read) {
    long exact = groups.stream().filter(g -> g.users() != null).mapToLong(g -> g.users()).sum();
    List<java.math.BigDecimal> weights =
        groups.stream().filter(g -> g.weight() != null).map(PlanDocument.Group::weight).toList();
    long[] counts = new long[groups.size()];
    if (exact > users || (weights.isEmpty() && exact != users)) {
      read.error(
          "/groups",
          "the groups' users add up to "
              + exact
              + "; the plan has "
              + users
              + (exact > users ? "" : " (give a group a weight to take the rest)"));
      return counts;
    }
    long[] shares = UserSplit.byWeight(users - exact, weights.toArray(java.math.BigDecimal[]::new));
    for (int g = 0, w = 0; g < counts.length; g++) {
      counts[g] = groups.get(g).users() != null ? groups.get(g).users() : shares[w++];
    }
    return counts;
  }

  // ---------------------------------------------------------------- actions and steps

  private static List<Action> actions(
      List<PlanDocument.Action> list, int users, boolean grouped, Read read) {
    List<Action> actions = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Action a = list.get(i);
      String at = "/actions/" + i;
      String name = a.name() == null ? "action-" + (i + 1) : a.name();
      if (!names.add(name)) {
        read.error(at + "/name", "is used by another action");
      }
      int repeat = or(a.repeat(), 1);
      if (!grouped) {
        checkCap(at, users, a.maxRps(), read);
      }
      String start = a.start() == null ? Action.AUTO : a.start();
      List<Action.UserStage> userStages =
          a.userStages() == null
              ? null
              : a.userStages().stream()
                  .map(s -> new Action.UserStage(s.durationMs(), s.users()))
                  .toList();
      int loopMs = loop(a, userStages, at, read);
      int pacingMs = a.loop() == null ? 0 : or(a.loop().pacingMs(), 0);
      if (!grouped) {
        checkUserStages(at, users, userStages, read);
      }
      if (grouped && a.steps() != null) {
        read.error(
            at + "/steps",
            "is not used with groups: each group gives its steps for the action (groups/N/steps/"
                + name
                + ")");
      } else if (!grouped && a.steps() == null) {
        read.error(at + "/steps", "is required");
      }
      List<Step> steps = grouped ? List.of() : steps(a.steps(), at + "/steps", read);
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
        read.error(at + "/steps", "a pause must stand between two steps");
        continue;
      }
      if (loopMs > 0 && !pauses.isEmpty()) {
        read.error(
            at + (a.loop() != null ? "/loop" : "/userStages"),
            "cannot be used with a pause in the steps");
      }
      double rate = a.arrivalRate() == null ? 0 : a.arrivalRate();
      double rateTo = a.arrivalRateTo() == null ? 0 : a.arrivalRateTo();
      List<Action.Stage> stages =
          a.arrivalStages() == null
              ? null
              : a.arrivalStages().stream()
                  .map(s -> new Action.Stage(s.durationMs(), s.rate()))
                  .toList();
      if (!grouped) {
        checkStages(at, users, rate, stages, read);
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
                  first ? or(a.delayMs(), 0) : 0,
                  first && r == 0 ? or(a.atMs(), 0) : 0,
                  or(a.maxDurationMs(), 0),
                  first ? rate : 0,
                  first ? rateTo : 0,
                  loopMs,
                  pacingMs,
                  a.maxRps() == null ? 0 : a.maxRps(),
                  first ? stages : null,
                  userStages));
        }
      }
    }
    return actions;
  }

  /** Steps of the connect phase or an action; a pause comes back as a marker between parts. */
  private static List<Step> steps(List<PlanDocument.Step> list, String at, Read read) {
    List<Step> steps = new ArrayList<>();
    if (list == null) {
      return steps;
    }
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Step s = list.get(i);
      String here = at + "/" + i;
      if (s.request() != null) {
        Request request = request(s.request(), here + "/request", read);
        if (request != null) {
          steps.add(new Step(request, null, null, null));
        }
      } else if (s.ws() != null) {
        WebSocketStep ws = webSocket(s.ws(), here + "/ws", read);
        if (ws != null) {
          steps.add(new Step(null, null, ws, null));
        }
      } else if (s.think() != null) {
        Think think = think(s.think(), here + "/think", read);
        if (think != null) {
          steps.add(new Step(null, think, null, null));
        }
      } else if (s.pause() == null) {
        Logic logic = logic(s, here, read);
        if (logic != null) {
          steps.add(new Step(null, null, null, logic));
        }
      } else {
        steps.add(s.pause().equals("manual") ? PAUSE_MANUAL : PAUSE_COMMAND);
      }
    }
    return steps;
  }

  /** The logic steps may hold steps of their own, this deep at most. */
  static final int MAX_DEPTH = 8;

  /** An if, switch, repeat, forEach or exitAction step; its steps read as any other. */
  private static Logic logic(PlanDocument.Step s, String at, Read read) {
    if (at.split("/(if|switch|repeat|forEach)/").length > MAX_DEPTH) {
      read.error(at, "logic steps nest at most " + MAX_DEPTH + " deep");
      return null;
    }
    if (Boolean.TRUE.equals(s.exitAction())) {
      return new Logic(
          Logic.EXIT, null, null, null, null, null, null, null, null, null, null, null);
    }
    if (s.when() != null) {
      PlanDocument.If c = s.when();
      String here = at + "/if";
      int conditions =
          (c.exists() != null ? 1 : 0)
              + (c.equals() != null ? 1 : 0)
              + (c.matches() != null ? 1 : 0);
      if (c.percent() != null && (c.var() != null || conditions > 0)) {
        read.error(here + "/percent", "cannot be used with var, exists, equals or matches");
      } else if (c.percent() == null && (c.var() == null || conditions != 1)) {
        read.error(
            here,
            c.var() == null
                ? "needs var (with one of exists, equals and matches) or percent"
                : "needs exactly one of exists, equals and matches with var");
      }
      if (c.var() != null) {
        read.template(here + "/var", "${" + c.var() + "}");
      }
      if (c.equals() != null) {
        read.template(here + "/equals", c.equals());
      }
      if (c.matches() != null) {
        regex(c.matches(), here + "/matches", read);
      }
      return new Logic(
          Logic.IF,
          c.var(),
          c.exists(),
          c.equals(),
          c.matches(),
          c.percent(),
          null,
          null,
          null,
          inner(c.then(), here + "/then", read),
          inner(c.otherwise(), here + "/else", read),
          null);
    }
    if (s.choose() != null) {
      List<Logic.Branch> branches = new ArrayList<>();
      for (int b = 0; b < s.choose().size(); b++) {
        PlanDocument.Branch br = s.choose().get(b);
        branches.add(
            new Logic.Branch(br.weight(), inner(br.steps(), at + "/switch/" + b + "/steps", read)));
      }
      return new Logic(
          Logic.SWITCH, null, null, null, null, null, null, null, null, null, null, branches);
    }
    if (s.repeat() != null) {
      JsonNode times = s.repeat().times();
      // 3.0 is a whole number to the schema: its digits are those of 3
      String text = times.isTextual() ? times.textValue() : Integer.toString(times.intValue());
      if (times.isTextual()) {
        read.template(at + "/repeat/times", text);
        if (!text.contains("${")) {
          read.error(at + "/repeat/times", "must be a whole number or a template such as ${count}");
        }
      }
      return new Logic(
          Logic.REPEAT,
          null,
          null,
          null,
          null,
          null,
          text,
          null,
          null,
          inner(s.repeat().steps(), at + "/repeat/steps", read),
          null,
          null);
    }
    PlanDocument.ForEach f = s.forEach();
    if (f.as().equals(Vocabulary.USER) || f.as().equals(Vocabulary.ACTION)) {
      read.error(at + "/forEach/as", "must not be user or action (names Vox sets)");
    }
    read.forEach(at + "/forEach", f.in(), f.as());
    return new Logic(
        Logic.FOR_EACH,
        null,
        null,
        null,
        null,
        null,
        null,
        f.in(),
        f.as(),
        inner(f.steps(), at + "/forEach/steps", read),
        null,
        null);
  }

  /** Steps inside a logic step: any but a pause (the schema refuses those). */
  private static List<Step> inner(List<PlanDocument.Step> list, String at, Read read) {
    return list == null ? List.of() : steps(list, at, read);
  }

  private static Request request(PlanDocument.Request r, String at, Read read) {
    int before = read.errors.size();
    String url = r.url();
    if (!url.startsWith("/") && !absoluteUrl(url)) {
      read.error(
          at + "/url",
          "must be a path starting with / (below the plan's target) or an http:// or https:// URL"
              + " with a host");
    } else {
      read.template(at + "/url", url);
    }
    Map<String, String> headers = headers(r.headers(), at + "/headers", read);
    String body = r.body();
    if (body != null) {
      read.template(at + "/body", body);
    }
    if (r.json() != null && !r.json().isNull()) {
      body = r.json().toString();
      read.template(at + "/json", body);
    }
    if (r.bodyFile() != null) {
      read.error(at + "/bodyFile", CLI_ONLY + "send the file's text as body (or bodyBase64)");
    }
    if (r.raw() != null) {
      read.error(at + "/raw", CLI_ONLY + "send the file's text as body (or bodyBase64)");
    }
    Map<String, String> form = null;
    if (r.form() != null) {
      form = new LinkedHashMap<>(r.form());
      form.forEach((field, value) -> read.template(child(at + "/form", field), value));
    }
    List<Part> multipart = multipart(r.multipart(), at + "/multipart", read);
    if (multipart != null
        && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"))) {
      read.error(
          at + "/headers",
          "cannot set Content-Type with multipart (Vox sets it with the boundary)");
    }
    if (r.bodyBase64() != null && !isBase64(r.bodyBase64())) {
      read.error(at + "/bodyBase64", "is not base64");
    }
    List<Check> checks = checks(r.checks(), at + "/checks", read);
    List<Extract> extract = extracts(r.extract(), at + "/extract", read);
    if (read.errors.size() > before) {
      return null;
    }
    return new Request(
        r.name(),
        r.method() == null ? "GET" : r.method(),
        url,
        headers,
        body,
        checks,
        extract,
        r.followRedirects(),
        form,
        multipart,
        r.bodyBase64());
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code "multipart"}: parts with a text value (templated) or a file's bytes (base64). */
  private static List<Part> multipart(List<PlanDocument.Part> list, String at, Read read) {
    if (list == null) {
      return null;
    }
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Part p = list.get(i);
      String here = at + "/" + i;
      if (p.file() != null) {
        read.error(here + "/file", CLI_ONLY + "send the file's bytes as base64");
        continue;
      }
      if (p.value() != null) {
        read.template(here + "/value", p.value());
      }
      if (p.base64() != null && !isBase64(p.base64())) {
        read.error(here + "/base64", "is not base64");
      }
      parts.add(new Part(p.name(), p.value(), p.base64(), p.filename(), p.contentType()));
    }
    return parts;
  }

  private static WebSocketStep webSocket(PlanDocument.WebSocket w, String at, Read read) {
    int before = read.errors.size();
    WebSocketStep step;
    if (w.connect() != null) {
      read.template(at + "/connect", w.connect());
      Map<String, String> headers = headers(w.headers(), at + "/headers", read);
      step =
          new WebSocketStep(
              WebSocketStep.CONNECT, w.connect(), headers, null, List.of(), List.of(), 0);
    } else if (w.send() != null) {
      read.template(at + "/send", w.send());
      step =
          new WebSocketStep(WebSocketStep.SEND, null, Map.of(), w.send(), List.of(), List.of(), 0);
    } else if (w.sendJson() != null) {
      String text = w.sendJson().toString();
      read.template(at + "/sendJson", text);
      step = new WebSocketStep(WebSocketStep.SEND, null, Map.of(), text, List.of(), List.of(), 0);
    } else if (w.expect() != null) {
      List<Check> checks = checks(w.expect(), at + "/expect", read);
      List<Extract> extract = extracts(w.extract(), at + "/extract", read);
      step =
          new WebSocketStep(
              WebSocketStep.EXPECT,
              null,
              Map.of(),
              null,
              checks,
              extract,
              or(w.timeoutMs(), 10_000));
    } else {
      step = new WebSocketStep(WebSocketStep.CLOSE, null, Map.of(), null, List.of(), List.of(), 0);
    }
    return read.errors.size() > before ? null : step;
  }

  /** Headers in the plan's order; names are not case-sensitive, so one may not come twice. */
  private static Map<String, String> headers(Map<String, String> given, String at, Read read) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (given == null) {
      return headers;
    }
    Set<String> seen = new HashSet<>();
    given.forEach(
        (name, value) -> {
          if (!seen.add(name.toLowerCase(Locale.ROOT))) {
            read.error(child(at, name), "is given twice (names are not case-sensitive)");
          } else {
            headers.put(name, value);
            read.template(child(at, name), value);
          }
        });
    return headers;
  }

  private static List<Check> checks(List<PlanDocument.Check> list, String at, Read read) {
    List<Check> checks = new ArrayList<>();
    if (list == null) {
      return checks;
    }
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Check c = list.get(i);
      String here = at + "/" + i;
      String jsonPath = c.jsonPath() == null ? null : jsonPath(c.jsonPath(), here, read);
      String equals = scalar(c.equals());
      if (equals != null) {
        read.template(here + "/equals", equals);
      }
      if (c.bodyContains() != null) {
        read.template(here + "/bodyContains", c.bodyContains());
      }
      checks.add(new Check(c.status(), jsonPath, equals, c.bodyContains(), c.maxLatencyMs()));
    }
    return checks;
  }

  private static void regex(String regex, String at, Read read) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException x) {
      read.error(at, "is not a valid regular expression: " + x.getDescription());
    }
  }

  private static String jsonPath(String path, String at, Read read) {
    try {
      JsonPath.compile(path);
      return path;
    } catch (InvalidPathException | IllegalArgumentException e) {
      read.error(at + "/jsonPath", "is not a valid JSON path: " + e.getMessage());
      return null;
    }
  }

  private static List<Extract> extracts(List<PlanDocument.Extract> list, String at, Read read) {
    List<Extract> extracts = new ArrayList<>();
    if (list == null) {
      return extracts;
    }
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Extract e = list.get(i);
      String here = at + "/" + i;
      String jsonPath = e.jsonPath() == null ? null : jsonPath(e.jsonPath(), here, read);
      if (e.regex() != null) {
        regex(e.regex(), here + "/regex", read);
      }
      extracts.add(new Extract(e.name(), jsonPath, e.header(), e.regex()));
    }
    return extracts;
  }

  private static Think think(PlanDocument.Think t, String at, Read read) {
    if (t.ms() != null) {
      return new Think(t.ms(), null, null, null);
    }
    if (t.meanMs() != null) {
      return new Think(null, null, null, t.meanMs());
    }
    if (t.maxMs() < t.minMs()) {
      read.error(at + "/maxMs", "must be at least minMs (" + t.minMs() + ")");
      return null;
    }
    return new Think(null, t.minMs(), t.maxMs(), null);
  }

  // ---------------------------------------------------------------- thresholds and templates

  private static List<Threshold> thresholds(
      List<PlanDocument.Threshold> list, Scenario scenario, Read read) {
    List<Action> actions = scenario.actions();
    List<Threshold> thresholds = new ArrayList<>();
    if (list == null) {
      return thresholds;
    }
    Set<String> names = new HashSet<>();
    actions.forEach(a -> names.add(a.name()));
    for (int i = 0; i < list.size(); i++) {
      PlanDocument.Threshold t = list.get(i);
      if (t.action() != null && !names.isEmpty() && !names.contains(t.action())) {
        read.error(
            "/thresholds/" + i + "/action",
            "names no action of the plan; actions: " + names.stream().sorted().toList());
      }
      if (t.request() != null) {
        checkRequest(t, "/thresholds/" + i + "/request", scenario, read);
      }
      // a request's failures are counted as they happen, a loop's rows when it ends
      boolean onErrors =
          t.request() == null && (t.metric().equals("errors") || t.metric().equals("errorPercent"));
      boolean overALoop =
          actions.stream()
              .anyMatch(a -> a.loopMs() > 0 && (t.action() == null || t.action().equals(a.name())));
      if (Boolean.TRUE.equals(t.abortOnFail()) && onErrors && overALoop) {
        // a loop's one row per user, and so its failures, comes when the loop ends
        read.error(
            "/thresholds/" + i + "/abortOnFail",
            "cannot watch "
                + t.metric()
                + " during a loop action (its failures are counted when the loop ends): use a"
                + " latency metric, or leave it to the verdict at the end");
      }
      thresholds.add(
          new Threshold(
              t.metric(),
              t.action(),
              t.below(),
              Boolean.TRUE.equals(t.abortOnFail()),
              or(t.delayMs(), 0),
              t.request()));
    }
    return thresholds;
  }

  /** Each program (the connect steps, an action's steps of a group) has a bounded length. */
  private static void checkLength(Scenario scenario, Read read) {
    List<Scenario> views = scenario.views();
    for (int g = 0; g < views.size(); g++) {
      String at = scenario.groups().isEmpty() ? "" : "/groups/" + g;
      Scenario view = views.get(g);
      length(view.connect(), at + "/connect", read);
      for (int i = 0; i < view.actions().size(); i++) {
        Action a = view.actions().get(i);
        length(
            a.steps(),
            scenario.groups().isEmpty()
                ? "/actions/" + i + "/steps"
                : child(at + "/steps", a.name()),
            read);
      }
    }
  }

  private static void length(List<Step> steps, String at, Read read) {
    int n = Program.of(steps).code().size();
    if (n > Program.MAX_LENGTH) {
      read.error(
          at,
          "make "
              + n
              + " steps and decisions once their logic is laid out; at most "
              + Program.MAX_LENGTH);
    }
  }

  /** A threshold's {@code request} must label a request step of its action (or of any). */
  private static void checkRequest(
      PlanDocument.Threshold t, String at, Scenario scenario, Read read) {
    Set<String> labels = new java.util.TreeSet<>();
    for (Scenario view : scenario.views()) {
      for (Action a : view.actions()) {
        if (t.action() == null || t.action().equals(a.name())) {
          Program.flat(a.steps()).stream()
              .filter(s -> s.request() != null)
              .forEach(s -> labels.add(s.request().label()));
        }
      }
    }
    if (!labels.contains(t.request())) {
      read.error(
          at,
          "names no request step"
              + (t.action() == null ? "" : " of " + t.action())
              + "; its requests: "
              + labels);
    }
  }

  /**
   * Checks each template against the names its users know: those of its group (the plan's connect
   * steps and feeders, then the group's) for a template in a group, else the plan's.
   */
  private static void checkTemplates(Scenario scenario, Map<String, String> secrets, Read read) {
    Vocabulary top = Vocabulary.of(scenario, secrets);
    List<Vocabulary> groups =
        scenario.groups().stream().map(g -> Vocabulary.of(scenario.of(g), secrets)).toList();
    for (TemplateUse use : read.templates) {
      Vocabulary vocabulary = top;
      if (use.at().startsWith("/groups/")) {
        String index = use.at().substring("/groups/".length()).split("/", 2)[0];
        vocabulary = groups.get(Integer.parseInt(index));
      }
      try {
        for (String name : Template.placeholders(use.text())) {
          if (!vocabulary.knows(name)) {
            read.error(
                use.at(), "${" + name + "} is not defined; known names: " + vocabulary.names());
          }
        }
      } catch (IllegalArgumentException e) {
        read.error(use.at(), e.getMessage() + " (write $${ for a literal ${)");
      }
    }
    for (ForEachUse use : read.forEach) {
      Vocabulary vocabulary =
          use.at().startsWith("/groups/")
              ? groups.get(Integer.parseInt(use.at().split("/")[2]))
              : top;
      if (vocabulary.slotOf(use.in()) < 0) {
        read.error(
            use.at() + "/in",
            "names no extracted value (a JSON array extracted by an earlier step); known: "
                + vocabulary.names());
      } else if (use.in().equals(use.as())) {
        read.error(use.at() + "/as", "must not be the array's own name");
      }
    }
  }
}
