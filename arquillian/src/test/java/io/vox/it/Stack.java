package io.vox.it;

import io.vox.messaging.Destinations;
import io.vox.messaging.Message;
import io.vox.messaging.jms.JmsMessages;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test-side access to the real broker, database and HTTP endpoints of the stack. */
final class Stack {
  static final JmsMessages MESSAGES = new JmsMessages();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Stack() {}

  static ConnectionFactory jms() {
    return ItStack.broker.connectionFactory();
  }

  /** Sends {@code message} to a queue or topic the way the product does (type property, JSON). */
  static void send(String destination, boolean topic, Message message) {
    try (JMSContext ctx = jms().createContext()) {
      MESSAGES.send(
          ctx, topic ? ctx.createTopic(destination) : ctx.createQueue(destination), message, true);
    }
  }

  static void sendRaw(String destination, boolean topic, String type, String body) {
    try (JMSContext ctx = jms().createContext()) {
      TextMessage m = ctx.createTextMessage(body);
      m.setStringProperty(Destinations.TYPE_PROPERTY, type);
      ctx.createProducer()
          .send(topic ? ctx.createTopic(destination) : ctx.createQueue(destination), m);
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Receives the next message of {@code queue} within {@code timeout}, decoded, or null. */
  static Message receive(JMSConsumer consumer, Duration timeout) throws Exception {
    jakarta.jms.Message m = consumer.receive(timeout.toMillis());
    return m == null ? null : MESSAGES.decode(m, Message.class);
  }

  static Connection db() throws SQLException {
    return DriverManager.getConnection(ItStack.db.jdbcUrl(), "vox", "vox");
  }

  /**
   * A completed run {@code id} in the database, as if it had run: the collector stores batches of
   * existing runs only.
   */
  static void completedRun(long id) throws SQLException {
    try (Connection c = db();
        var s =
            c.prepareStatement(
                "INSERT IGNORE INTO vox_run (id, name, plan_json, state, users, actions, min_nodes,"
                    + " current_action, connected, connect_failed, created_at_ms, started_at_ms,"
                    + " ended_at_ms, last_control_ms, stop_requested)"
                    + " VALUES (?, 'test', '{}', 'COMPLETED', 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
  }

  /**
   * A run {@code id} in the database that takes batches: waiting for 1000 nodes (so its master
   * never starts it) since the year 2100 (so it never gives up), with {@code nodeId} holding its
   * users 0 to 999. {@link #endRuns} ends it.
   */
  static void openRun(long id, String nodeId) throws SQLException {
    try (Connection c = db();
        var run =
            c.prepareStatement(
                "INSERT IGNORE INTO vox_run (id, name, plan_json, state, users, actions, min_nodes,"
                    + " current_action, connected, connect_failed, created_at_ms, started_at_ms,"
                    + " ended_at_ms, last_control_ms, stop_requested) VALUES (?, 'test', ?,"
                    + " 'CREATED', 1000, 1, 1000, 0, 0, 0, 4102444800000, 0, 0, 0, 0)");
        var node =
            c.prepareStatement(
                "INSERT IGNORE INTO vox_run_node (run_id, node_id, first_user, users, ready, connected,"
                    + " failed, lost) VALUES (?, ?, 0, 1000, 1, 1000, 0, 0)")) {
      run.setLong(1, id);
      run.setString(
          2,
          "{\"name\": \"test\", \"target\": \"http://127.0.0.1:9\", \"users\": 1000,"
              + " \"minNodes\": 1000, \"actions\": [{\"steps\": [{\"request\":"
              + " {\"method\": \"GET\", \"url\": \"/\"}}]}]}");
      run.executeUpdate();
      node.setLong(1, id);
      node.setString(2, nodeId);
      node.executeUpdate();
    }
  }

  /** Ends the runs {@link #openRun} made, so no master keeps them active. */
  static void endRuns(long... ids) throws SQLException {
    try (Connection c = db();
        var s = c.prepareStatement("UPDATE vox_run SET state = 'COMPLETED' WHERE id = ?")) {
      for (long id : ids) {
        s.setLong(1, id);
        s.executeUpdate();
      }
    }
  }

  static long count(String sql, Object... args) throws SQLException {
    try (Connection c = db();
        var s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The {@code Authorization} header of the master's admin. */
  static final String ADMIN = io.vox.launcher.MasterClient.basic("admin", ItStack.ADMIN_PASSWORD);

  /** The {@code Authorization} header of the master's read-only viewer. */
  static final String VIEWER =
      io.vox.launcher.MasterClient.basic("viewer", ItStack.VIEWER_PASSWORD);

  /** GET as the master's admin. */
  static HttpResponse<String> get(String url) throws Exception {
    return get(url, ADMIN);
  }

  /** GET with {@code authorization} (null: none). */
  static HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST of JSON as the master's admin. */
  static HttpResponse<String> post(String url, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", ADMIN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonStructure json(String body) {
    try (var r = Json.createReader(new StringReader(body))) {
      return r.read();
    }
  }

  /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes. */
  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }

  static long countOrMinus(String sql, Object... args) {
    try {
      return count(sql, args);
    } catch (SQLException e) {
      return -1; // table not created yet
    }
  }

  /**
   * Runs a vox command of the master's in this JVM, logged in as the admin; returns its exit code
   * and what it printed.
   */
  static Object[] vox(String... given) {
    String[] args = java.util.Arrays.copyOf(given, given.length + 2);
    args[given.length] = "--password";
    args[given.length + 1] = ItStack.ADMIN_PASSWORD;
    return voxRaw(args);
  }

  /** Runs a vox command in this JVM with exactly {@code args}. */
  static Object[] voxRaw(String... args) {
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      int code = new picocli.CommandLine(new io.vox.launcher.Vox()).execute(args);
      return new Object[] {code, buf.toString(java.nio.charset.StandardCharsets.UTF_8)};
    } finally {
      System.setOut(saved);
    }
  }
}
