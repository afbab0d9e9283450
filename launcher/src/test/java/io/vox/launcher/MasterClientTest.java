package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher waits for a node, then for its clock estimate, against a master's /api/nodes. */
class MasterClientTest {
  private HttpServer server;
  private int calls;

  /** A master whose /api/nodes answers {@code answers} in turn, then the last one forever. */
  private MasterClient master(String... answers) throws IOException {
    Deque<String> left = new ArrayDeque<>(List.of(answers));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/nodes",
        exchange -> {
          calls++;
          byte[] body =
              (left.size() > 1 ? left.poll() : left.peek()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new MasterClient(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/", "admin", "pw");
  }

  private static String node(long clockErrorMs) {
    return "[{\"nodeId\": \"node-1\", \"clockErrorMs\": " + clockErrorMs + "}]";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void waitsPastNoEstimateAndAnUnsureOneForAUsableEstimate() throws Exception {
    MasterClient client = master("[]", node(-1), node(250), node(14));
    assertTrue(client.awaitNodes(Duration.ofSeconds(30), Duration.ofSeconds(30)));
    assertEquals(4, calls, "asked until the estimate was within 100 ms");
  }

  @Test
  void givesUpOnTheClockButNotOnTheNode() throws Exception {
    MasterClient client = master(node(-1));
    assertFalse(client.awaitNodes(Duration.ofSeconds(30), Duration.ofMillis(500)));
    assertTrue(calls >= 2, "asked again before giving up: " + calls);
  }

  @Test
  void noNodeIsAnError() throws Exception {
    MasterClient client = master("[]");
    IOException e =
        assertThrows(
            IOException.class,
            () -> client.awaitNodes(Duration.ofMillis(500), Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("no node joined"), e.getMessage());
  }
}
