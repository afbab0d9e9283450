package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that drops every kept-alive connection when its second request arrives, unanswered: what
 * a client meets when the server closed an idle connection just as it was reused.
 */
class KeepAliveRetryTest {
  private static final int V = io.vox.messaging.Message.SCHEMA_VERSION;
  private ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private volatile boolean dropFirstConnection;
  private TestNode node;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::serve, "dropping-server");
    acceptor.setDaemon(true);
    acceptor.start();
    node = new TestNode(1, 1);
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
    server.close();
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        boolean first = accepted.incrementAndGet() == 1;
        Thread t =
            new Thread(
                () -> connection(s, first && dropFirstConnection ? 1 : 2), "dropping-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Answers the requests before request {@code dropAt}, then closes on reading that one. */
  private void connection(Socket s, int dropAt) {
    try (s) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      for (int n = 1; ; n++) {
        int length = 0;
        String line = in.readLine();
        if (line == null) {
          return;
        }
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.skip(length);
        if (n >= dropAt) {
          return; // drop it, unanswered
        }
        answered.incrementAndGet();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private UserResult run(long id, String method) throws InterruptedException {
    return run(id, method, HttpOptions.DEFAULT);
  }

  private UserResult run(long id, String method, HttpOptions http) throws InterruptedException {
    Step first = RealServersTest.step(method, "/a", method.equals("GET") ? null : "{}", true);
    Step second = RealServersTest.step(method, "/b", method.equals("GET") ? null : "{}", true);
    Scenario s =
        new Scenario(
            List.of(),
            List.of(
                new Action(
                    "a", 1, List.of(first, second), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
            List.of(),
            0,
            1,
            http,
            List.of());
    String target = "http://127.0.0.1:" + server.getLocalPort();
    node.engine.handle(
        new StartRun(
            V, id, target, 5000, s, List.of(new NodeSlice("n1", 0, 1)), java.util.Map.of()));
    assertEquals(new NodeReady(V, id, "n1", 1, 0, ""), node.events.poll(20, TimeUnit.SECONDS));
    node.engine.handle(new RunAction(V, id, 1, 0));
    return node.results(1).get(0);
  }

  @Test
  void anIdempotentRequestDroppedByAReusedConnectionIsSentOnceMoreOnANewOne() throws Exception {
    UserResult r = run(1, "GET");
    assertTrue(r.ok(), r.toString());
    assertEquals(2, answered.get(), "both requests were answered");
    assertEquals(2, accepted.get(), "the retry opened one new connection");
  }

  @Test
  void aConnectionOpenedAheadCountsAsReusedWhenTheServerDropsItsFirstRequest() throws Exception {
    dropFirstConnection = true;
    UserResult r = run(3, "GET");
    assertTrue(r.ok(), r.toString());
    assertEquals(3, accepted.get(), "opened ahead; its retry; the second request's retry");
    assertEquals(2, answered.get());
  }

  @Test
  void withoutPreconnectTheFirstRequestOpensTheConnection() throws Exception {
    dropFirstConnection = true;
    UserResult r = run(4, "GET", HttpOptions.DEFAULT.withPreconnect(false));
    assertTrue(r.error() != null && r.error().contains("connection closed by peer"), r.toString());
    assertEquals(1, accepted.get(), "a request on the connection it opened is not sent twice");
  }

  @Test
  void aPostDroppedByAReusedConnectionFailsWithTheReason() throws Exception {
    UserResult r = run(2, "POST");
    assertTrue(r.error() != null && r.error().contains("connection closed by peer"), r.toString());
    assertEquals(1, answered.get());
    assertEquals(1, accepted.get(), "a POST is never sent twice");
  }
}
