package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The master's REST API, as the launcher and the CLI use it. */
public final class MasterClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  /** The master refused a request; {@code errors} are its "field: message" lines. */
  public static final class Refused extends IOException {
    private final int status;
    private final transient List<String> errors;

    Refused(int status, List<String> errors) {
      super("HTTP " + status + ": " + String.join("; ", errors));
      this.status = status;
      this.errors = errors;
    }

    public int status() {
      return status;
    }

    public List<String> errors() {
      return errors;
    }
  }

  /** A client of the master at {@code base}, logging in as {@code user} (HTTP Basic). */
  public MasterClient(String base, String user, String password) {
    this.base = base.endsWith("/") ? base : base + "/";
    this.authorization = basic(user, password == null ? "" : password);
  }

  /** The HTTP Basic {@code Authorization} header of {@code user} with {@code password}. */
  public static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public String base() {
    return base;
  }

  /** Submits a plan; returns the new run id. */
  public long submit(String planJson) throws IOException, InterruptedException {
    return submitted(planJson).getJsonNumber("id").longValue();
  }

  /** Submits a plan; the master's answer holds the run's {@code id} and the plan's warnings. */
  public JsonObject submitted(String planJson) throws IOException, InterruptedException {
    return send(
            HttpRequest.newBuilder(URI.create(base + "api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(planJson)),
            201)
        .asJsonObject();
  }

  /**
   * Asks the master to end run {@code id}: {@code now} aborts it, else it stops once the action
   * under way is complete.
   */
  public void stop(long id, boolean now) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(URI.create(base + "api/runs/" + id + (now ? "/abort" : "/stop")))
            .POST(HttpRequest.BodyPublishers.noBody()),
        202);
  }

  public JsonObject get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)), 200).asJsonObject();
  }

  /**
   * Copies the body of {@code GET path} to {@code out} as it arrives (an export of millions of rows
   * is never held in memory); a status other than 200 is refused with the master's errors.
   */
  public void download(String path, java.io.OutputStream out)
      throws IOException, InterruptedException {
    HttpResponse<java.io.InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new Refused(
            r.statusCode(),
            errors(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
      }
      in.transferTo(out);
    }
    out.flush();
  }

  /** Live nodes the master knows of. */
  public int liveNodes() throws IOException, InterruptedException {
    return nodes().size();
  }

  /**
   * Waits until a node is live (for at most {@code join}), then until every live node has a clock
   * estimate sure enough to place its users' starts by (for at most {@code clocks}), so that a
   * fresh stack's first action counts from the master's command as the later ones do. Returns
   * whether the clocks were ready; throws when no node joined.
   */
  public boolean awaitNodes(Duration join, Duration clocks)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + join.toNanos();
    List<JsonObject> nodes;
    while ((nodes = nodes()).isEmpty()) {
      if (System.nanoTime() > until) {
        throw new IOException("no node joined the master in " + join.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
    until = System.nanoTime() + clocks.toNanos();
    while (!nodes.stream().allMatch(MasterClient::clockUsable)) {
      if (System.nanoTime() > until) {
        return false;
      }
      Thread.sleep(200);
      nodes = nodes();
    }
    return true;
  }

  private static boolean clockUsable(JsonObject node) {
    long error = node.getJsonNumber("clockErrorMs").longValue();
    return error >= 0 && error <= io.vox.messaging.ClockEchoes.USABLE_ERROR_MS;
  }

  /** The live nodes, as their last heartbeats told. */
  public List<JsonObject> nodes() throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + "api/nodes")), 200).asJsonArray().stream()
        .map(JsonValue::asJsonObject)
        .toList();
  }

  /** Latest runs, newest first. */
  public List<JsonObject> runs(int max) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + "api/runs?max=" + max)), 200)
        .asJsonArray()
        .stream()
        .map(JsonValue::asJsonObject)
        .toList();
  }

  private JsonStructure send(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request.header("Authorization", authorization).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new Refused(r.statusCode(), errors(r.body()));
    }
    return parse(r.body());
  }

  private static List<String> errors(String body) {
    try {
      return parse(body).asJsonObject().getJsonArray("errors").stream()
          .map(JsonValue::asJsonObject)
          .map(
              e ->
                  (e.getString("field", "").isEmpty() ? "" : e.getString("field") + ": ")
                      + e.getString("message", ""))
          .toList();
    } catch (RuntimeException notOurShape) {
      return List.of(body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private static JsonStructure parse(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.read();
    }
  }
}
