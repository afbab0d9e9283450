package io.vox.node.scenario;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonProvider;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Vocabulary;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request of a scenario, compiled: templates split, JSON paths and patterns compiled. {@link
 * #verify} runs its checks and extractions on a response, parsing a JSON body at most once.
 */
public final class CompiledRequest {
  private static final Configuration JSON = Configuration.defaultConfiguration();
  private static final JsonProvider PROVIDER = JSON.jsonProvider();

  private final String label;
  private final String method;
  private final Template url;
  private final HeaderTemplates headers;
  private final Template body;
  private final RequestBody other;
  private final boolean hasContentType;
  private final Probe[] checks;
  private final Probe[] extracts;
  private final boolean wantBody;
  private final boolean hasStatusCheck;
  private final boolean follows;
  private final String[] checkNames;
  private final String[] extractNames;
  private final int[] extractSlots;

  /** A check or an extraction; returns null when it passed, else why not. */
  private interface Probe {
    String apply(Reply reply, Parsed parsed, long latencyUs, Session session, String[] slots);
  }

  /** The JSON body, parsed on first use. */
  private static final class Parsed {
    private final String body;
    private Object doc;
    private String error;

    Parsed(String body) {
      this.body = body;
    }

    Object doc() {
      if (doc == null && error == null) {
        try {
          doc = PROVIDER.parse(body == null ? "" : body);
        } catch (InvalidJsonException | IllegalArgumentException e) {
          error = "body is not JSON";
        }
      }
      return doc;
    }
  }

  private CompiledRequest(Request r, Vocabulary vocabulary) {
    this.label = r.label();
    this.method = r.method();
    this.url = Template.compile(r.url(), vocabulary);
    this.other = RequestBody.of(r, vocabulary);
    java.util.Map<String, String> h = r.headers();
    boolean planContentType = h.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("content-type"));
    if (other != null && !planContentType) {
      h = new java.util.LinkedHashMap<>(h);
      h.put("Content-Type", other.contentType());
    }
    this.headers = new HeaderTemplates(h, vocabulary);
    this.hasContentType = headers.has("content-type");
    this.body = Template.compile(r.body(), vocabulary);
    this.checks = r.checks().stream().map(c -> check(c, vocabulary)).toArray(Probe[]::new);
    this.extracts =
        r.extract().stream()
            .map(e -> extract(e, vocabulary.slotOf(e.name()), vocabulary.isArray(e.name())))
            .toArray(Probe[]::new);
    this.hasStatusCheck = r.checks().stream().anyMatch(c -> c.status() != null);
    this.checkNames = r.checks().stream().map(CompiledRequest::describe).toArray(String[]::new);
    this.extractNames = r.extract().stream().map(Extract::name).toArray(String[]::new);
    this.extractSlots = r.extract().stream().mapToInt(e -> vocabulary.slotOf(e.name())).toArray();
    this.follows = r.follows();
    this.wantBody =
        r.checks().stream().anyMatch(c -> c.jsonPath() != null || c.bodyContains() != null)
            || r.extract().stream().anyMatch(e -> e.header() == null);
  }

  public static CompiledRequest of(Request request, Vocabulary vocabulary) {
    return new CompiledRequest(request, vocabulary);
  }

  /** The request's name, or its method and URL as written: the prefix of its errors. */
  public String label() {
    return label;
  }

  public String method() {
    return method;
  }

  public String url(Session session) {
    return url.render(session);
  }

  /** Header names and rendered values, alternating; plus {@code Cookie} when {@code cookie}. */
  public String[] headers(Session session, String cookie) {
    return headers.render(session, cookie);
  }

  /** The body as text: the plan's {@code body} or {@code json}, or its form; else null. */
  public String body(Session session) {
    if (other != null) {
      return other.text(session);
    }
    return body == null ? null : body.render(session);
  }

  /** The body as bytes (multipart, or raw), else null. */
  public byte[] bytes(Session session) {
    return other == null ? null : other.bytes(session);
  }

  /** Whether a Content-Type header is set by the plan (else a body is sent as JSON). */
  public boolean hasContentType() {
    return hasContentType;
  }

  /** Whether a redirect response is followed to its Location. */
  public boolean follows() {
    return follows;
  }

  /** Whether the checks or extractions read the body. */
  public boolean wantsBody() {
    return wantBody;
  }

  /**
   * Runs the checks, then the extractions into {@code slots}; {@code session} renders expected
   * values.
   *
   * @return null when all passed, else the first failure, prefixed with {@link #label()}
   */
  public String verify(Reply reply, long latencyUs, Session session, String[] slots) {
    return verify(reply, latencyUs, session, slots, null);
  }

  /**
   * As {@link #verify(Reply, long, Session, String[])}, and when {@code trace} is given, adds a
   * line for each check and extraction: every check runs (the first failure is still the one
   * returned), the extractions when all checks passed.
   */
  public String verify(
      Reply reply, long latencyUs, Session session, String[] slots, List<String> trace) {
    if (!hasStatusCheck && reply.status() >= 400) {
      if (trace != null) {
        trace.add("FAIL status " + reply.status() + " (no status check: 400 or more fails)");
      }
      return label + ": HTTP " + reply.status();
    }
    if (trace != null && !hasStatusCheck) {
      trace.add("ok   status " + reply.status() + " (below 400)");
    }
    if (checks.length == 0 && extracts.length == 0) {
      return null;
    }
    Parsed parsed = new Parsed(reply.body());
    String first = null;
    for (int i = 0; i < checks.length; i++) {
      String error = checks[i].apply(reply, parsed, latencyUs, session, slots);
      if (trace != null) {
        trace.add(error == null ? "ok   " + checkNames[i] : "FAIL " + error);
      }
      if (error != null && first == null) {
        first = label + ": " + error;
        if (trace == null) {
          return first;
        }
      }
    }
    if (first != null) {
      return first;
    }
    for (int i = 0; i < extracts.length; i++) {
      String error = extracts[i].apply(reply, parsed, latencyUs, session, slots);
      if (trace != null) {
        trace.add(
            error == null
                ? "set  " + extractNames[i] + " = " + extracted(session, i)
                : "FAIL " + error);
      }
      if (error != null) {
        return label + ": " + error;
      }
    }
    return null;
  }

  private String extracted(Session session, int i) {
    String v = session.value(extractSlots[i]);
    return v == null ? "" : abbreviate(v);
  }

  /** A check as the plan says it, for a trace. */
  private static String describe(Check c) {
    if (c.status() != null) {
      return "status " + c.status();
    }
    if (c.maxLatencyMs() != null) {
      return "took at most " + c.maxLatencyMs() + " ms";
    }
    if (c.bodyContains() != null) {
      return "body contains \"" + abbreviate(c.bodyContains()) + "\"";
    }
    return c.jsonPath() + (c.equals() == null ? " exists" : " is " + c.equals());
  }

  private static Probe check(Check c, Vocabulary vocabulary) {
    if (c.status() != null) {
      int expected = c.status();
      return (r, p, l, u, s) ->
          r.status() == expected ? null : "status " + r.status() + ", expected " + expected;
    }
    if (c.maxLatencyMs() != null) {
      long maxUs = c.maxLatencyMs() * 1000L;
      return (r, p, l, u, s) ->
          l <= maxUs ? null : "took " + l / 1000 + " ms, more than " + c.maxLatencyMs() + " ms";
    }
    if (c.bodyContains() != null) {
      Template text = Template.compile(c.bodyContains(), vocabulary);
      return (r, p, l, u, s) -> {
        String want = text.render(u);
        return r.body() != null && r.body().contains(want)
            ? null
            : "body does not contain \"" + abbreviate(want) + "\"";
      };
    }
    JsonPath path = JsonPath.compile(c.jsonPath());
    Template expected = Template.compile(c.equals(), vocabulary);
    return (r, p, l, u, s) -> {
      Object doc = p.doc();
      if (doc == null) {
        return c.jsonPath() + ": " + p.error;
      }
      String value = read(path, doc, false);
      if (value == null) {
        return c.jsonPath() + " not found";
      }
      if (expected == null) {
        return null;
      }
      String want = expected.render(u);
      return want.equals(value)
          ? null
          : c.jsonPath() + " is " + abbreviate(value) + ", expected " + want;
    };
  }

  private static Probe extract(Extract e, int slot, boolean array) {
    if (e.header() != null) {
      String name = e.header();
      return (r, p, l, u, s) -> {
        String value = r.header(name);
        if (value == null) {
          return "extract " + e.name() + ": no header " + name;
        }
        s[slot] = value;
        return null;
      };
    }
    if (e.regex() != null) {
      Pattern pattern = Pattern.compile(e.regex());
      return (r, p, l, u, s) -> {
        Matcher m = pattern.matcher(r.body() == null ? "" : r.body());
        if (!m.find()) {
          return "extract " + e.name() + ": /" + e.regex() + "/ not found";
        }
        s[slot] = m.groupCount() > 0 ? m.group(1) : m.group();
        return null;
      };
    }
    JsonPath path = JsonPath.compile(e.jsonPath());
    return (r, p, l, u, s) -> {
      Object doc = p.doc();
      if (doc == null) {
        return "extract " + e.name() + ": " + p.error;
      }
      String value = read(path, doc, array);
      if (value == null) {
        return "extract " + e.name() + ": " + e.jsonPath() + " not found";
      }
      s[slot] = value;
      return null;
    };
  }

  /**
   * The value at {@code path} as text, or null when it is absent; a path that can match many gives
   * its one match alone, unless {@code array} (a forEach's array: all its matches, even none).
   */
  private static String read(JsonPath path, Object doc, boolean array) {
    Object value;
    try {
      value = path.read(doc, JSON);
    } catch (PathNotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      return null; // e.g. a path into a value of the wrong type
    }
    if (value instanceof List<?> list && !path.isDefinite() && !array) {
      if (list.isEmpty()) {
        return null;
      }
      value = list.size() == 1 ? list.get(0) : list;
    }
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return PROVIDER.toJson(value);
  }

  private static String abbreviate(String value) {
    return value.length() <= 60 ? value : value.substring(0, 57) + "...";
  }
}
