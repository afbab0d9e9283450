package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The master's REST API as the integration tests use it, and the WARs they deploy. */
final class MasterApi {
  private final String api;

  /** {@code master}: any URL of the master's host (the adapter's resource URL). */
  MasterApi(URL master) {
    this.api = master.toString().replaceFirst("^(https?://[^/]+).*$", "$1") + "/master/api/";
  }

  /** A WAR built by the reactor and copied to target/ (master or node). */
  static WebArchive war(String name) {
    return ShrinkWrap.create(ZipImporter.class, name + ".war")
        .importFrom(new File("target/" + name + ".war"))
        .as(WebArchive.class);
  }

  String url(String path) {
    return api + path;
  }

  /** Submits a plan, expects 201; returns the run id. */
  long submit(String plan) throws Exception {
    var created = Stack.post(api + "runs", plan);
    assertEquals(201, created.statusCode(), created.body());
    return Stack.json(created.body()).asJsonObject().getJsonNumber("id").longValue();
  }

  JsonObject run(long id) throws Exception {
    return Stack.json(Stack.get(api + "runs/" + id).body()).asJsonObject();
  }

  JsonObject action(long id, int action) throws Exception {
    return Stack.json(Stack.get(api + "runs/" + id + "/actions/" + action).body()).asJsonObject();
  }

  /** The run's state, or "unreachable" while the master does not answer. */
  String state(long id) {
    try {
      return run(id).getString("state");
    } catch (Exception e) {
      return "unreachable";
    }
  }

  /** Waits until the run has ended (or fails the test); returns its final view. */
  JsonObject awaitEnd(long id, Duration timeout) throws Exception {
    assertTrue(
        Stack.await(timeout, () -> !state(id).matches("CREATED|CONNECTING|RUNNING|unreachable")),
        "run " + id + " ended within " + timeout);
    return run(id);
  }
}
