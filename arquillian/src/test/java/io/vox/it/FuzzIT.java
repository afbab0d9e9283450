package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Over a thousand bad inputs, then a run: mutated plans, bad paths and query parameters, wrong
 * content types, an oversized body, and unreadable messages on the report and event queues. Every
 * REST answer is a 4xx with a JSON error and no stack trace (or a 201 where a mutation happens to
 * be a valid plan: that run is stopped); no consumer stops: a run afterwards completes with every
 * row stored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FuzzIT extends MasterAndNodeIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Random random = new Random(20261125);
  private final List<String> failures = new ArrayList<>();
  private int inputs;

  private static final String PLAN =
      """
      {"name": "fuzz", "target": "http://127.0.0.1:9", "users": 2, "requestTimeoutMs": 500,
       "connect": [{"request": {"method": "POST", "url": "/api/login",
                                "json": {"user": "u${user}"},
                                "extract": [{"name": "token", "jsonPath": "$.token"}]}}],
       "actions": [{"name": "post", "repeat": 2, "steps": [
         {"request": {"method": "GET", "url": "/api/items/${user}",
                      "headers": {"Authorization": "Bearer ${token}"},
                      "checks": [{"status": 200}, {"jsonPath": "$.id", "equals": "${user}"}]}}]}],
       "thresholds": [{"metric": "p99", "below": 100}]}
      """;

  private static final io.vox.messaging.json.MessageCodec CODEC =
      new io.vox.messaging.json.MessageCodec();

  private String mutate(String s) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + random.nextInt(4);
    String alphabet = "{}[]\":,0123456789-.eE truefalsnul\\$/#%\u00e9\u0000\n";
    for (int i = 0; i < edits && b.length() > 1; i++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return b.toString();
  }

  /** Sends as the master's admin. */
  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return sendAs(request, Stack.ADMIN);
  }

  private HttpResponse<String> sendAs(HttpRequest.Builder request, String authorization)
      throws Exception {
    inputs++;
    return HTTP.send(
        request.header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A 4xx with a JSON error body and no stack trace; a 201 is a valid plan: stopped. */
  private void expectRefused(String what, HttpResponse<String> r) throws Exception {
    String body = r.body();
    if (r.statusCode() == 201) {
      long id = Stack.json(body).asJsonObject().getJsonNumber("id").longValue();
      Stack.post(api().url("runs/" + id + "/abort"), "");
      return;
    }
    boolean ok =
        r.statusCode() >= 400
            && r.statusCode() < 500
            && !body.contains("Exception")
            && !body.contains("\tat ")
            && (body.isEmpty() || body.startsWith("{"));
    if (!ok && failures.size() < 20) {
      failures.add(
          what + " -> " + r.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
    }
  }

  @Test
  void aThousandBadInputsThenARunCompletes() throws Exception {
    String runs = api().url("runs");
    // 1. mutated plans
    for (int i = 0; i < 600; i++) {
      String plan = mutate(PLAN);
      expectRefused(
          "plan " + plan.replace('\n', ' '),
          send(
              HttpRequest.newBuilder(URI.create(runs))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(plan))));
    }
    // 2. bad paths and query parameters
    List<String> paths =
        List.of(
            "runs/abc",
            "runs/-1",
            "runs/99999999999999999999",
            "runs?max=0",
            "runs?max=abc",
            "runs/1/actions/abc",
            "runs/1/actions/0",
            "runs/1/results?page=-1",
            "runs/1/results?size=0",
            "runs/1/results?size=abc",
            "runs/1/results?after=x",
            "runs/1/results?after=1:",
            "runs/1/results?after=-1:5",
            "runs/1/results?after=1:2&page=3",
            "runs/1/errors?by=%00",
            "runs/1/errors?limit=-5",
            "runs/1/errors?action=-1",
            "runs/1/timeline?action=x",
            "runs/1/users/-3",
            "runs/1/export?format=%27%22",
            "runs/compare?a=x&b=y",
            "runs/compare",
            "runs/1/actions/1/slowest?limit=0",
            "nodes/x");
    for (int i = 0; i < 200; i++) {
      String p = paths.get(i % paths.size());
      expectRefused("GET " + p, send(HttpRequest.newBuilder(URI.create(api().url(p)))));
    }
    // 3. wrong methods, content types and an oversized body
    for (int i = 0; i < 50; i++) {
      expectRefused(
          "text/plain plan",
          send(
              HttpRequest.newBuilder(URI.create(runs))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(PLAN))));
      expectRefused("DELETE runs", send(HttpRequest.newBuilder(URI.create(runs)).DELETE()));
    }
    // bad logins: no, malformed, wrong or foreign credentials; and a viewer trying to write. The
    // wrong password is a name of its own: after 5 failures a name is locked (429), and the
    // admin's and the viewer's logins must go on working for the rest of this test
    List<String> logins =
        List.of(
            "Basic !!!not-base64",
            "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()),
            io.vox.launcher.MasterClient.basic("ghost", "wrong"),
            io.vox.launcher.MasterClient.basic("nobody", ItStack.ADMIN_PASSWORD),
            "Bearer abc.def.ghi",
            "Basic Og==");
    for (int i = 0; i < 60; i++) {
      String login = logins.get(i % logins.size());
      expectRefused("login " + login, sendAs(HttpRequest.newBuilder(URI.create(runs)), login));
      HttpResponse<String> viewer =
          sendAs(
              HttpRequest.newBuilder(URI.create(runs))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(PLAN)),
              Stack.VIEWER);
      expectRefused("viewer POST", viewer);
      if (viewer.statusCode() != 403 && failures.size() < 20) {
        failures.add("viewer POST -> " + viewer.statusCode() + ", not 403: " + viewer.body());
      }
    }
    String huge = "{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    expectRefused(
        "3 MB plan",
        send(
            HttpRequest.newBuilder(URI.create(runs))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge))));
    // 4. unreadable messages for the collector and the event receiver
    long dlq = ItStack.broker.messageCount("DLQ");
    Stack.openRun(9100, "n1");
    for (int i = 0; i < 150; i++) {
      inputs++;
      // a valid batch of a run that does not exist (so one a mutation leaves valid is dropped), or
      // of one that takes batches from n1 (so the collector's checks meet mutated users, actions,
      // nodes and histograms), with its rows' text for the edits to break
      String body =
          mutate(
              CODEC.encode(
                  new io.vox.messaging.ReportBatch(
                      io.vox.messaging.Message.SCHEMA_VERSION,
                      "b" + i,
                      i % 2 == 0 ? 987_654_321L : 9100L,
                      "n1",
                      List.of(
                          io.vox.messaging.UserResult.once(1, 1, 10, 20, 30, 200, null),
                          io.vox.messaging.UserResult.once(2, 1, 10, 21, 0, 0, "refused\t\\x"),
                          new io.vox.messaging.UserResult(3, 2, 10, 22, 40, 201, null, 3, 0, 7)),
                      io.vox.messaging.LatencyHistograms.of(
                          List.of(
                              io.vox.messaging.UserResult.once(1, 1, 10, 20, 30, 200, null))))));
      Stack.sendRaw(Destinations.REPORTS, false, i % 3 == 0 ? "Nonsense" : "ReportBatch", body);
      inputs++;
      Stack.sendRaw(
          Destinations.EVENTS, false, "NodeReady", mutate("{\"runId\":1,\"nodeId\":\"x\"}"));
      inputs++;
      Stack.sendRaw(
          Destinations.EVENTS,
          false,
          "NodeHeartbeat",
          mutate(
              CODEC.encode(
                  new io.vox.messaging.NodeHeartbeat(
                      io.vox.messaging.Message.SCHEMA_VERSION,
                      "fuzz-node",
                      1,
                      10,
                      "h",
                      0.5,
                      1,
                      2,
                      0,
                      "i-" + i,
                      i,
                      i % 2 == 0,
                      0,
                      -1))));
    }
    Stack.endRuns(9100);
    // a heartbeat a mutation left valid made a node the run below must not be given users
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30),
            () -> {
              try {
                return Stack.json(Stack.get(api().url("nodes")).body()).asJsonArray().stream()
                    .allMatch(n -> n.asJsonObject().getString("nodeId").equals("node-a"));
              } catch (Exception e) {
                return false;
              }
            }),
        "only the real node is live");
    assertTrue(inputs >= 1000, "inputs: " + inputs);
    assertEquals(List.of(), failures, "every bad input refused cleanly");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90), () -> ItStack.broker.messageCount(Destinations.REPORTS) == 0),
        "the collector drained its queue");
    assertTrue(ItStack.broker.messageCount("DLQ") > dlq, "unreadable reports were dead-lettered");

    // 5. and still a run completes with every row stored
    String plan =
        """
        {"name": "after-fuzz", "target": "http://127.0.0.1:%d", "users": 200,
         "connect": [{"request": {"method": "POST", "url": "/api/login",
                                  "json": {"user": "f${user}"},
                                  "extract": [{"name": "token", "jsonPath": "$.token"}]}}],
         "actions": [{"name": "post", "repeat": 2, "steps": [
           {"request": {"method": "POST", "url": "/api/messages",
                        "headers": {"Authorization": "Bearer ${token}"}, "json": {"t": 1},
                        "checks": [{"status": 201}]}}]}]}
        """
            .formatted(ItStack.sut.port());
    long id = api().submit(plan);
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("COMPLETED", run.getString("state"), run.toString());
    assertEquals(
        400, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NULL", id));
    assertFalse(run.toString().contains("Exception"));
  }
}
