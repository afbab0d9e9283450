package io.vox.launcher;

import io.vox.demo.DemoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The local stack on 127.0.0.1: MariaDB, Artemis and (for the demo) the demo API in this process,
 * the master and (optionally) one node as Payara Micro children. Closing it stops them in reverse
 * order, Payara before the broker.
 */
final class LocalStack implements AutoCloseable {
  static final int BROKER_PORT = 61617;
  static final int DB_PORT = 13306;

  final EmbeddedDatabase db;
  final EmbeddedBroker broker;

  /** The demo API, or null. */
  final DemoServer sut;

  final PayaraProcess master;
  final PayaraProcess node;
  final StackSecrets secrets;
  private final Deque<AutoCloseable> started;

  private LocalStack(
      EmbeddedDatabase db,
      EmbeddedBroker broker,
      DemoServer sut,
      PayaraProcess master,
      PayaraProcess node,
      StackSecrets secrets,
      Deque<AutoCloseable> started) {
    this.secrets = secrets;
    this.db = db;
    this.broker = broker;
    this.sut = sut;
    this.master = master;
    this.node = node;
    this.started = started;
  }

  /** The ports a stack on {@code basePort} uses: master, node, demo API, broker, database. */
  static List<Integer> ports(int basePort) {
    return List.of(basePort, basePort + 1, basePort + 220, BROKER_PORT, DB_PORT);
  }

  /** The first of the stack's ports already taken on loopback, or -1. */
  static int busyPort(int basePort) {
    for (int port : ports(basePort)) {
      if (busy(port)) {
        return port;
      }
    }
    return -1;
  }

  /** Whether {@code port} on loopback is taken. */
  static boolean busy(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Starts the stack under {@code work} (wiped first), the node with {@code nodeProperties}
   * (vox.node.id among them). Whatever started is registered with {@code cleanup} at once, so an
   * interrupted start is still stopped.
   */
  static LocalStack start(
      Path dist,
      Path work,
      int basePort,
      boolean withNode,
      Deque<AutoCloseable> cleanup,
      Map<String, String> nodeProperties)
      throws Exception {
    deleteTree(work);
    return start(
        dist, work, basePort, BROKER_PORT, DB_PORT, withNode, true, cleanup, nodeProperties);
  }

  /** The demo's stack: the broker and the database on {@code brokerPort} and {@code dbPort}. */
  static LocalStack startDemo(
      Path dist, Path work, int basePort, int brokerPort, int dbPort, Deque<AutoCloseable> cleanup)
      throws Exception {
    deleteTree(work);
    return start(
        dist,
        work,
        basePort,
        brokerPort,
        dbPort,
        true,
        true,
        cleanup,
        Map.of("vox.node.id", "node-1", "vox.node.event-loops", "1"));
  }

  /**
   * The stack of {@code vox run --local}: a master and a node on {@code basePort} and {@code
   * basePort + 1}, the broker and the database on free ports, no demo API. The database under
   * {@code work} is kept from an earlier run, so its runs stay for comparison; the rest is made
   * afresh.
   */
  static LocalStack startKeepingResults(
      Path dist,
      Path work,
      int basePort,
      Deque<AutoCloseable> cleanup,
      Map<String, String> nodeProperties)
      throws Exception {
    Files.createDirectories(work);
    for (String made : MADE) {
      deleteTree(work.resolve(made)); // what an earlier stack left: nothing a new run needs
    }
    return start(
        dist, work, basePort, freePort(), freePort(), true, false, cleanup, withId(nodeProperties));
  }

  private static Map<String, String> withId(Map<String, String> nodeProperties) {
    Map<String, String> all = new java.util.LinkedHashMap<>(nodeProperties);
    all.putIfAbsent("vox.node.id", "node-1");
    return all;
  }

  /** What a stack makes in its work folder besides the database, and nothing else. */
  static final List<String> MADE = List.of("artemis", "master", "node", "credentials");

  /** What the stack keeps its database in, under its work folder. */
  static final String DATABASE_DIR = "mariadb";

  /** A file under the work folder locked while a stack runs there. */
  static final String LOCK_FILE = "stack.lock";

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static LocalStack start(
      Path dist,
      Path work,
      int basePort,
      int brokerPort,
      int dbPort,
      boolean withNode,
      boolean withSut,
      Deque<AutoCloseable> cleanup,
      Map<String, String> nodeProperties)
      throws Exception {
    Files.createDirectories(work);
    StackSecrets secrets = StackSecrets.generate();
    secrets.save(work, "http://127.0.0.1:" + basePort + "/master/");
    // stopped last: while the file is there, `vox status` logs in to this stack
    cleanup.push(() -> Files.deleteIfExists(work.resolve("credentials")));
    EmbeddedDatabase db = EmbeddedDatabase.startStoppedByCaller(dbPort, work.resolve(DATABASE_DIR));
    cleanup.push(db);
    EmbeddedBroker broker =
        EmbeddedBroker.start(
            brokerPort,
            work.resolve("artemis"),
            false,
            StackSecrets.BROKER_USER,
            secrets.brokerPassword(),
            StackSecrets.NODE_BROKER_USER,
            secrets.nodeBrokerPassword());
    cleanup.push(broker);
    DemoServer sut = null;
    if (withSut) {
      sut = DemoServer.start("127.0.0.1", basePort + 220, 0, 0);
      cleanup.push(sut);
    }
    PayaraProcess master =
        PayaraProcess.start(
            "master",
            dist,
            work,
            dist.resolve("master.war"),
            basePort,
            brokerPort,
            StackSecrets.BROKER_USER,
            secrets.brokerPassword(),
            masterJvm(),
            Map.of("vox.db.url", db.jdbcUrl(), "vox.db.user", "vox", "vox.db.password", "vox"),
            Map.of(MASTER_USERS_ENV, secrets.users()),
            MASTER_READY);
    cleanup.push(master);
    PayaraProcess node = null;
    if (withNode) {
      node =
          PayaraProcess.start(
              "node",
              dist,
              work,
              dist.resolve("node.war"),
              basePort + 1,
              brokerPort,
              StackSecrets.NODE_BROKER_USER,
              secrets.nodeBrokerPassword(),
              nodeJvm(),
              nodeProperties,
              Map.of(),
              "/api/status");
      cleanup.push(node);
    }
    master.awaitReady(Duration.ofMinutes(3));
    if (node != null) {
      node.awaitReady(Duration.ofMinutes(3));
    }
    return new LocalStack(db, broker, sut, master, node, secrets, cleanup);
  }

  /** The environment variable of the master's {@code vox.security.users}. */
  static final String MASTER_USERS_ENV = "VOX_SECURITY_USERS";

  /** A master page that answers 200 without a login once the WAR is deployed. */
  static final String MASTER_READY = "/login.xhtml";

  /** A client of the stack's master, logged in as its admin. */
  MasterClient client() {
    return new MasterClient(master.baseUrl(), StackSecrets.ADMIN, secrets.adminPassword());
  }

  /**
   * The master's JVM options, {@code VOX_MASTER_JAVA_OPTIONS} added. C1 only: the master's C2
   * compiles cost 2.5 CPU-s of a 15 s W1 run and half its CPU while ingesting (bench/README.md).
   */
  static List<String> masterJvm() {
    return withEnv(MASTER_JVM, "VOX_MASTER_JAVA_OPTIONS");
  }

  static final List<String> MASTER_JVM = List.of("-Xms256m", "-Xmx768m", "-XX:TieredStopAtLevel=1");

  static final List<String> NODE_JVM =
      List.of(
          "-Xms32m",
          "-Xmx1g",
          "-XX:+UseSerialGC",
          "-XX:+UnlockExperimentalVMOptions",
          "-XX:TrimNativeHeapInterval=2000",
          "-Dio.netty.leakDetection.level=disabled");

  /**
   * The node's JVM options; {@code VOX_NODE_JAVA_OPTIONS} (e.g. a JFR recording for a profile) is
   * added to them, as {@code VOX_MASTER_JAVA_OPTIONS} to the master's.
   */
  // Serial GC from a small heap: a node's RSS stays near half of ParallelGC's and its young
  // collections short. The JVM's full tiered JIT (C2): over runs of minutes it does twice C1's
  // requests per CPU-second (DESIGN-NOTES 43). It costs memory, in part handed back by trimming
  // the C heap every 2 s (C2's freed arenas), and a cold node's first bulk action, which C2's
  // compiles slow down: -XX:TieredStopAtLevel=1 in VOX_NODE_JAVA_OPTIONS gives C1 only back.
  static List<String> nodeJvm() {
    return withEnv(forJdk(NODE_JVM, Runtime.version()), "VOX_NODE_JAVA_OPTIONS");
  }

  /**
   * {@code options} for a node on JDK {@code v} (the launcher's own, which runs the node): without
   * the C heap trimming where that JDK lacks it, since an unknown option stops the JVM. It came
   * with 17.0.9, 21.0.1 and 22, experimental at first (hence the unlock, harmless later).
   */
  static List<String> forJdk(List<String> options, Runtime.Version v) {
    boolean trims =
        v.feature() >= 22
            || (v.feature() == 21 && v.update() >= 1)
            || (v.feature() == 17 && v.update() >= 9);
    return trims
        ? options
        : options.stream()
            .filter(
                o ->
                    !o.startsWith("-XX:TrimNativeHeapInterval")
                        && !o.equals("-XX:+UnlockExperimentalVMOptions"))
            .toList();
  }

  /** {@code options} and, after them, the options in environment variable {@code env}. */
  static List<String> withEnv(List<String> options, String env) {
    List<String> all = new java.util.ArrayList<>(options);
    String extra = System.getenv(env);
    if (extra != null && !extra.isBlank()) {
      all.addAll(List.of(extra.trim().split("\\s+")));
    }
    return all;
  }

  /** Stops what this stack started, last first; reports failures on {@code out}. */
  static void stop(Deque<AutoCloseable> started, PrintStream out) {
    if (started instanceof Registry r) {
      r.close();
    }
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        out.println("  stop failed: " + e);
      }
    }
  }

  @Override
  public void close() {
    stop(started, System.out);
  }

  static Deque<AutoCloseable> registry() {
    return new Registry();
  }

  /**
   * What a stack started, last first. A shutdown hook may stop it while the main thread is still
   * starting parts: a part registered after that is stopped at once rather than left running.
   */
  private static final class Registry extends ArrayDeque<AutoCloseable> {
    private boolean closed;

    @Override
    public synchronized void push(AutoCloseable part) {
      if (closed) {
        try {
          part.close();
        } catch (Exception e) {
          System.out.println("  stop failed: " + e);
        }
        return;
      }
      super.push(part);
    }

    @Override
    public synchronized AutoCloseable pop() {
      return super.pop();
    }

    @Override
    public synchronized boolean isEmpty() {
      return super.isEmpty();
    }

    synchronized void close() {
      closed = true;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths
            .sorted((a, b) -> b.getNameCount() - a.getNameCount())
            .forEach(p -> p.toFile().delete());
      }
    }
  }
}
