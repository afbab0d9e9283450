package io.vox.bench;

import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Vocabulary;
import io.vox.node.scenario.CompiledRequest;
import io.vox.node.scenario.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of a scenario on a user's hot path: rendering a request (url, two headers, a
 * JSON body with four placeholders) against the reference of the same text built by hand with one
 * StringBuilder; checking and extracting from a response by JSON path against the reference of
 * parsing that body alone (json-smart, what JsonPath reads), and by a regex.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScenarioBenchmark {
  static final String BODY =
      "{\"token\":\"user-4242.5f3a9c1e\",\"user\":{\"id\":4242,\"name\":\"user-4242\"},"
          + "\"items\":[{\"id\":1,\"text\":\"hello\"},{\"id\":2,\"text\":\"vox\"}]}";

  /** A user as templates see it. */
  record User(long user, int action, String[] values) implements Session {
    @Override
    public String value(int slot) {
      return values[slot];
    }

    @Override
    public String feed(int feeder, int column) {
      return column == 0 ? "alice" : "secret";
    }
  }

  /** A response as checks see it. */
  record Response(int status, String body) implements Reply {
    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public List<String> headers(String name) {
      return List.of();
    }
  }

  private User user;
  private CompiledRequest post;
  private CompiledRequest byJsonPath;
  private CompiledRequest byRegex;
  private Response response;
  private String[] slots;

  @Setup
  public void setUp() {
    Request render =
        new Request(
            null,
            "POST",
            "/api/users/${user}/messages?action=${action}",
            Map.of("Authorization", "Bearer ${token}", "X-Login", "${creds.login}"),
            "{\"from\":\"${creds.login}\",\"n\":${action},\"to\":${user},\"token\":\"${token}\"}",
            List.of(),
            List.of(new Extract("token", "$.token", null, null)),
            null,
            null,
            null,
            null);
    Request jsonPath =
        new Request(
            null,
            "GET",
            "/x",
            Map.of(),
            null,
            List.of(
                new Check(200, null, null, null, null),
                new Check(null, "$.user.name", "user-${user}", null, null)),
            List.of(new Extract("token", "$.token", null, null)),
            null,
            null,
            null,
            null);
    Request regex =
        new Request(
            null,
            "GET",
            "/x",
            Map.of(),
            null,
            List.of(new Check(200, null, null, null, null)),
            List.of(new Extract("token", null, null, "\"token\":\"([^\"]+)\"")),
            null,
            null,
            null,
            null);
    Scenario scenario =
        new Scenario(
            List.of(
                new Step(render, null, null, null),
                new Step(jsonPath, null, null, null),
                new Step(regex, null, null, null)),
            List.of(),
            List.of(
                new Feeder(
                    "creds", "unique", List.of("login", "password"), List.of(List.of("a", "b")))),
            0,
            0,
            HttpOptions.DEFAULT,
            List.of());
    Vocabulary vocabulary = Vocabulary.of(scenario);
    post = CompiledRequest.of(render, vocabulary);
    byJsonPath = CompiledRequest.of(jsonPath, vocabulary);
    byRegex = CompiledRequest.of(regex, vocabulary);
    user = new User(4242, 3, new String[] {"user-4242.5f3a9c1e"});
    response = new Response(200, BODY);
    slots = new String[1];
  }

  @Benchmark
  public Object renderRequest() {
    return new Object[] {post.url(user), post.headers(user, null), post.body(user)};
  }

  @Benchmark
  public Object renderByHandReference() {
    String token = user.value(0);
    String login = user.feed(0, 0);
    String url =
        new StringBuilder(64)
            .append("/api/users/")
            .append(user.user())
            .append("/messages?action=")
            .append(user.action())
            .toString();
    String[] headers = {"Authorization", "Bearer " + token, "X-Login", login};
    String body =
        new StringBuilder(96)
            .append("{\"from\":\"")
            .append(login)
            .append("\",\"n\":")
            .append(user.action())
            .append(",\"to\":")
            .append(user.user())
            .append(",\"token\":\"")
            .append(token)
            .append("\"}")
            .toString();
    return new Object[] {url, headers, body};
  }

  @Benchmark
  public Object checkAndExtractByJsonPath() {
    return byJsonPath.verify(response, 1000, user, slots) == null ? slots[0] : null;
  }

  @Benchmark
  public Object extractByRegex() {
    return byRegex.verify(response, 1000, user, slots) == null ? slots[0] : null;
  }

  @Benchmark
  public Object parseBodyReference() {
    return com.jayway.jsonpath.Configuration.defaultConfiguration().jsonProvider().parse(BODY);
  }
}
