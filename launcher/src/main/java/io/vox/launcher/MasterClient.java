package io.vox.launcher;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The master's REST API, as the launcher uses it. */
public final class MasterClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public MasterClient(String base) {
    this.base = base.endsWith("/") ? base : base + "/";
  }

  /** Submits a plan; returns the new run id. */
  public long submit(String planJson) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(planJson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IOException("plan refused: HTTP " + r.statusCode() + " " + r.body());
    }
    return parse(r.body()).asJsonObject().getJsonNumber("id").longValue();
  }

  public JsonObject get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return parse(r.body()).asJsonObject();
  }

  /** Live nodes the master knows of. */
  public int liveNodes() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "api/nodes")).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? parse(r.body()).asJsonArray().size() : 0;
  }

  private static JsonStructure parse(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.read();
    }
  }
}
