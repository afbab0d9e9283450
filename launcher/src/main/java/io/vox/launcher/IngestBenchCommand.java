package io.vox.launcher;

import io.vox.messaging.Destinations;
import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import io.vox.messaging.jms.JmsMessages;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vox bench-ingest}: how fast the master stores results. It fills queue vox.reports with
 * {@code --warmup} synthetic results of a warm-up run and starts the master, which stores them
 * untimed (Payara's deploy, the JIT). Then it holds the queue from the collector, fills it with
 * {@code --rows} results of the timed run, releases it, and times the ReportCollector draining them
 * into MariaDB, so no producer competes for the CPU. Then it times the report queries on the stored
 * rows. Loopback only; bounded by {@code --rows}.
 */
@Command(
    name = "bench-ingest",
    mixinStandardHelpOptions = true,
    description = "Measure result ingestion (rows/s) and report query times on a local stack.")
public final class IngestBenchCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Results to store (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--actions",
      defaultValue = "10",
      description = "Actions they spread over (default ${DEFAULT-VALUE}).")
  int actions;

  @Option(
      names = "--batch",
      defaultValue = "5000",
      description =
          "Results per ReportBatch (default ${DEFAULT-VALUE}, a node's vox.report.batch-size).")
  int batch;

  @Option(
      names = "--warmup",
      defaultValue = "1000000",
      description =
          "Results of a run stored first, untimed, so that the timed run meets a master past its"
              + " deploy and JIT warm-up, as a long-running one is (default ${DEFAULT-VALUE}; 0:"
              + " time a cold master).")
  long warmup;

  @Option(names = "--dist", hidden = true, defaultValue = "${sys:vox.dist:-launcher/target/dist}")
  Path dist;

  @Option(names = "--work", hidden = true, defaultValue = "${sys:vox.work:-.vox/demo}")
  Path work;

  @Option(names = "--base-port", defaultValue = "18080")
  int basePort;

  @Option(names = "--jfr", paramLabel = "FILE", description = "Record the master with JFR here.")
  Path jfr;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (rows % actions != 0 || (rows / actions) % batch != 0) {
      out.println("--rows must be a multiple of --actions x --batch");
      return ExitCodes.ERROR;
    }
    if (warmup < 0 || warmup % actions != 0 || (warmup / actions) % batch != 0) {
      out.println("--warmup must be 0 or a multiple of --actions x --batch");
      return ExitCodes.ERROR;
    }
    int busy = LocalStack.busyPort(basePort);
    if (busy > 0) {
      out.println("Port " + busy + " on 127.0.0.1 is in use.");
      return ExitCodes.BUSY;
    }
    Deque<AutoCloseable> started = LocalStack.registry();
    Thread hook = new Thread(() -> LocalStack.stop(started, out), "vox-bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Path benchWork = work.resolveSibling("bench");
    LocalStack.deleteTree(benchWork);
    out.printf("Ingest benchmark: %,d rows, %d actions, %d rows per batch%n", rows, actions, batch);
    try {
      // 1. database and broker only; fill the queue
      EmbeddedDatabase db =
          EmbeddedDatabase.start(LocalStack.DB_PORT, benchWork.resolve("mariadb"));
      started.push(db);
      StackSecrets secrets = StackSecrets.generate();
      EmbeddedBroker broker =
          EmbeddedBroker.start(
              LocalStack.BROKER_PORT,
              benchWork.resolve("artemis"),
              false,
              StackSecrets.BROKER_USER,
              secrets.brokerPassword());
      login = MasterClient.basic(StackSecrets.ADMIN, secrets.adminPassword());
      started.push(broker);
      long runId = 1;
      createTables(db);
      // the first run queued: the warm-up's if any, else the timed one
      long first = warmup > 0 ? WARMUP_RUN : runId;
      long firstRows = warmup > 0 ? warmup : rows;
      addRun(db, first, firstRows); // the collector stores batches of existing runs only
      long t = System.nanoTime();
      fill(broker, first, firstRows);
      out.printf(
          "queued %,d batches of run %d in %.1f s (queue depth %d)%n",
          firstRows / batch,
          first,
          DemoCommand.seconds(t),
          broker.messageCount(Destinations.REPORTS));
      // 2. the master: it drains the queue as soon as its collector is up
      PayaraProcess master =
          PayaraProcess.start(
              "master",
              dist,
              benchWork,
              dist.resolve("master.war"),
              basePort,
              LocalStack.BROKER_PORT,
              StackSecrets.BROKER_USER,
              secrets.brokerPassword(),
              // C2 (not the demo's C1-only master): building each batch's INSERT text is hot
              // code, faster with C2 (figures: docs/DESIGN-NOTES.md 15)
              jfr == null
                  ? List.of("-Xms256m", "-Xmx768m")
                  : List.of(
                      "-Xms256m",
                      "-Xmx768m",
                      "-XX:StartFlightRecording=settings=profile,filename=" + jfr.toAbsolutePath()),
              java.util.Map.of(
                  "vox.db.url",
                  db.jdbcUrl(),
                  "vox.db.user",
                  "vox",
                  "vox.db.password",
                  "vox",
                  // the bench's runs stay RUNNING (the collector stores nothing for an ended run)
                  // with no node behind them: the coordinator must not tick, or it would declare
                  // node-bench lost and fill its users in
                  "vox.master.tick-ms",
                  "3600000"),
              java.util.Map.of(LocalStack.MASTER_USERS_ENV, secrets.users()),
              LocalStack.MASTER_READY);
      started.push(master);
      master.awaitReady(java.time.Duration.ofMinutes(3));
      if (warmup > 0) {
        long t0 = System.nanoTime();
        while (storedRows(db, WARMUP_RUN) < warmup) {
          Thread.sleep(250);
        }
        long[] span = storeSpan(db, WARMUP_RUN);
        out.printf(
            "warm-up: %,d rows stored %.1f s after the master answered (a cold master, first to"
                + " last batch: %,.0f rows/s)%n",
            warmup, DemoCommand.seconds(t0), (warmup - batch) / ((span[1] - span[0]) / 1e3));
        long t1 = System.nanoTime();
        boolean rested = awaitRest(master);
        out.printf(
            "the master %s %.1f s later%n",
            rested ? "came to rest (under 5% of a core for 2 s)" : "was still busy",
            DemoCommand.seconds(t1));
        // the timed run waits in the broker, held from the collector, until all of it is queued:
        // no producer competes with the collector for the CPU
        broker.pause(Destinations.REPORTS);
        addRun(db, runId, rows);
        t = System.nanoTime();
        fill(broker, runId, rows);
        out.printf(
            "queued %,d batches of run %d in %.1f s (queue depth %d), then released them%n",
            rows / batch, runId, DemoCommand.seconds(t), broker.messageCount(Destinations.REPORTS));
        broker.resume(Destinations.REPORTS);
      }
      long ready = System.nanoTime();
      long stored = 0;
      long lastPrint = ready;
      long lastStored = 0;
      while (stored < rows) {
        Thread.sleep(250);
        stored = storedRows(db, runId);
        long now = System.nanoTime();
        if (now - lastPrint > 2_000_000_000L) {
          out.printf(
              "  %,12d rows stored, %,.0f rows/s in the last %.1f s%n",
              stored, (stored - lastStored) / ((now - lastPrint) / 1e9), (now - lastPrint) / 1e9);
          lastPrint = now;
          lastStored = stored;
        }
      }
      // the rate from the collector's own clock (each batch's store time): the master stores
      // batches as soon as its MDBs are up, which can be before this poll first sees a row
      long[] span = storeSpan(db, runId);
      double secs = (span[1] - span[0]) / 1e3;
      out.printf(
          "STORED %,d rows in %.1f s, first to last batch by the collector's clock: %,.0f rows/s"
              + " (%s master; %.1f s after %s)%n",
          rows,
          secs,
          (rows - batch) / secs,
          warmup > 0 ? "a warm" : "a cold",
          (System.nanoTime() - ready) / 1e9,
          warmup > 0 ? "the queue was released" : "the master answered");
      // a cold master starts with the whole queue waiting: its first seconds are Payara's deploy
      // and the JIT's warm-up, which a master of a long-running cluster has behind it
      long half = halfwayMs(db, runId, rows / batch);
      out.printf(
          "  the second half of the batches: %,.0f rows/s%n",
          (rows / batch - rows / batch / 2) * (double) batch / ((span[1] - half) / 1e3));
      out.printf("DLQ: %d messages%n", broker.messageCount("DLQ"));
      out.printf("action counters: %,d reported%n", reported(db, runId));
      tableSizes(db, rows + warmup);
      // 2b. the reference, measured now on the same database: plain JDBC, no broker, no master
      double reference = jdbcReference(db, runId + 1);
      out.printf(
          "REFERENCE plain JDBC: %,.0f rows/s (the same rows into vox_result alone, %d"
              + " connections, one %d-row LOAD DATA per commit); the collector: %.2fx of it%n",
          reference, REFERENCE_CONNECTIONS, batch, (rows - batch) / secs / reference);
      // 3. queries
      String api = master.baseUrl() + "api/runs/" + runId;
      out.println("query                                         median of 3 (s)");
      time("GET /api/runs/1", api);
      time("GET /api/runs/1/actions/1 (count, p50..p99)", api + "/actions/1");
      time("GET /api/runs/1/actions/" + actions + " (last action)", api + "/actions/" + actions);
      time("GET /api/runs/1/results?page=0&size=1000", api + "/results?page=0&size=1000");
      time("GET /api/runs/1/results?page=5000&size=100", api + "/results?page=5000&size=100");
      time(
          "GET /api/runs/1/results?after=5:500000&size=100",
          api
              + "/results?after="
              + Math.max(1, actions / 2)
              + ":"
              + rows / actions / 2
              + "&size=100");
      time("GET /api/runs/1/errors (by reason)", api + "/errors");
      time("GET /api/runs/1/errors?by=node", api + "/errors?by=node");
      time("GET /api/runs/1/errors?by=user&limit=100", api + "/errors?by=user&limit=100");
      time("GET /api/runs/1/actions/1/slowest?limit=20", api + "/actions/1/slowest?limit=20");
      time("GET /api/runs/1/users/123456 (timeline)", api + "/users/123456");
      time("GET /api/runs/1/timeline?action=1", api + "/timeline?action=1");
      time("GET /api/runs/1/timeline (all actions)", api + "/timeline");
      time("GET /api/runs/1/latency (percentiles/s)", api + "/latency");
      time("GET /api/runs/1/skew", api + "/skew");
      time("GET /api/runs/compare?a=1&b=1", master.baseUrl() + "api/runs/compare?a=1&b=1");
      time("GET /api/runs/1/report (HTML)", api + "/report");
      timeOnce("GET /api/runs/1/export?format=csv (all rows)", api + "/export?format=csv");
      timeDelete("DELETE /api/runs/1", api);
      return ExitCodes.PASSED;
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      LocalStack.stop(started, out);
    }
  }

  /** Queues {@code runRows} synthetic results of run {@code runId}, in batches of {@code batch}. */
  private void fill(EmbeddedBroker broker, long runId, long runRows) throws Exception {
    JmsMessages messages = new JmsMessages();
    long usersPerAction = runRows / actions;
    ActiveMQConnectionFactory cf =
        new ActiveMQConnectionFactory(
            "tcp://127.0.0.1:" + LocalStack.BROKER_PORT + "?minLargeMessageSize=1048576",
            broker.user(),
            broker.password());
    try (JMSContext ctx = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
      Queue q = ctx.createQueue(Destinations.REPORTS);
      long n = 0;
      for (int a = 1; a <= actions; a++) {
        for (long first = 0; first < usersPerAction; first += batch) {
          List<UserResult> results = new ArrayList<>(batch);
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (long u = first; u < first + batch; u++) {
            boolean ok = rnd.nextInt(100) != 0;
            results.add(
                UserResult.once(
                    u,
                    a,
                    1_800_000_000_000_000L,
                    1_800_000_000_000_000L + u * 10,
                    200 + rnd.nextInt(20_000),
                    ok ? 201 : 500,
                    ok ? null : "HTTP 500"));
          }
          messages.send(
              ctx,
              q,
              new ReportBatch(
                  io.vox.messaging.Message.SCHEMA_VERSION,
                  "bench-" + runId + "-" + a + "-" + first,
                  runId,
                  "node-bench",
                  results,
                  LatencyHistograms.of(results)),
              true);
          if (++n % 20 == 0) {
            ctx.commit();
          }
        }
      }
      ctx.commit();
    }
    cf.close();
  }

  /**
   * Waits (at most a minute) until {@code master} uses under 5% of a core for 2 s: Payara's deploy
   * and the JIT's compiles go on after the warm-up's last batch. False if it did not.
   */
  private static boolean awaitRest(PayaraProcess master) throws InterruptedException {
    long until = System.nanoTime() + 60_000_000_000L;
    long last = master.cpuTime().map(java.time.Duration::toNanos).orElse(-1L);
    while (last >= 0 && System.nanoTime() < until) {
      Thread.sleep(2000);
      long now = master.cpuTime().map(java.time.Duration::toNanos).orElse(-1L);
      if (now - last < 100_000_000L) {
        return true;
      }
      last = now;
    }
    return false;
  }

  /** The warm-up's run (1 is the timed run's, 2 the reference's rows). */
  static final long WARMUP_RUN = 3;

  /** As many connections as the collector has MDB sessions on vox.reports. */
  static final int REFERENCE_CONNECTIONS = 4;

  /**
   * Inserts {@code --rows} rows like the synthetic ones for run {@code runId} with plain JDBC from
   * this JVM: the collector's statement (LOAD DATA LOCAL INFILE of {@code --batch} rows from
   * memory), one commit each, on {@link #REFERENCE_CONNECTIONS} connections at once. The work the
   * database cannot avoid for these rows, whatever stores them; returns rows per second.
   */
  private double jdbcReference(EmbeddedDatabase db, long runId) throws Exception {
    long usersPerAction = rows / actions;
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    long batches = rows / batch;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(REFERENCE_CONNECTIONS);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < REFERENCE_CONNECTIONS; i++) {
      done.add(
          pool.submit(
              () -> {
                try (var c =
                        DriverManager.getConnection(
                            db.jdbcUrl() + "&allowLoadLocalInfile=true", "vox", "vox");
                    var st = c.createStatement()) {
                  c.setAutoCommit(false);
                  ThreadLocalRandom rnd = ThreadLocalRandom.current();
                  for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    int action = (int) (b / (usersPerAction / batch)) + 1;
                    long first = (b % (usersPerAction / batch)) * batch;
                    StringBuilder tsv = new StringBuilder(batch * 64);
                    for (long u = first; u < first + batch; u++) {
                      boolean ok = rnd.nextInt(100) != 0;
                      tsv.append(action)
                          .append('\t')
                          .append(u)
                          .append("\t1800000000000000\t")
                          .append(1_800_000_000_000_000L + u * 10)
                          .append('\t')
                          .append(200 + rnd.nextInt(20_000))
                          .append(ok ? "\t201\t\\N\t0\t0\t0\n" : "\t500\tHTTP 500\t0\t0\t0\n");
                    }
                    st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class)
                        .setLocalInfileInputStream(
                            new java.io.ByteArrayInputStream(
                                tsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    st.executeUpdate(
                        "LOAD DATA LOCAL INFILE 'reference.tsv' INTO TABLE vox_result CHARACTER SET"
                            + " utf8mb4 (action, user_id, intended_us, start_us, latency_us, status,"
                            + " error, loop_iterations, loop_failures, queued_us) SET run_id = "
                            + runId
                            + ", node_id = 'node-bench'");
                    c.commit();
                  }
                }
                return null;
              }));
    }
    for (var f : done) {
      f.get();
    }
    pool.shutdown();
    return rows / ((System.nanoTime() - t0) / 1e9);
  }

  /** On-disk size of the result tables (InnoDB data + indexes), per stored row. */
  private void tableSizes(EmbeddedDatabase db, long rows) throws Exception {
    try (var c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        var st = c.createStatement()) {
      st.execute(
          "ANALYZE TABLE vox_result, vox_error, vox_slow, vox_second, vox_histogram, vox_batch");
      try (var r =
          st.executeQuery(
              "SELECT table_name, table_rows, data_length + index_length FROM"
                  + " information_schema.tables WHERE table_schema = 'vox' AND table_name IN"
                  + " ('vox_result', 'vox_error', 'vox_slow', 'vox_second', 'vox_histogram',"
                  + " 'vox_batch')"
                  + " ORDER BY table_name")) {
        long total = 0;
        while (r.next()) {
          total += r.getLong(3);
          out.printf(
              "table %-14s ~%,d rows, %,d MB%n", r.getString(1), r.getLong(2), r.getLong(3) >> 20);
        }
        out.printf("result tables: %,d bytes per stored result row%n", total / rows);
      }
    }
  }

  private static long reported(EmbeddedDatabase db, long runId) throws Exception {
    return row(db, "SELECT SUM(reported) FROM vox_action WHERE run_id = ?", runId)[0];
  }

  /** When the collector began storing the first and the last batch of the run (epoch ms). */
  private static long[] storeSpan(EmbeddedDatabase db, long runId) throws Exception {
    return row(
        db, "SELECT MIN(stored_at_ms), MAX(stored_at_ms) FROM vox_batch WHERE run_id = ?", runId);
  }

  /** When the collector stored the first batch of the second half of {@code batches}. */
  private static long halfwayMs(EmbeddedDatabase db, long runId, long batches) throws Exception {
    return row(
        db,
        "SELECT stored_at_ms FROM vox_batch WHERE run_id = ? ORDER BY stored_at_ms LIMIT 1 OFFSET "
            + batches / 2,
        runId)[0];
  }

  private static long storedRows(EmbeddedDatabase db, long runId) throws Exception {
    try {
      String sql = "SELECT COALESCE(SUM(row_count), 0) FROM vox_batch WHERE run_id = ?";
      return row(db, sql, runId)[0];
    } catch (java.sql.SQLException notYet) {
      return 0; // tables are created when the master deploys
    }
  }

  /** The numbers of the one row {@code sql} answers for run {@code runId}. */
  private static long[] row(EmbeddedDatabase db, String sql, long runId) throws Exception {
    try (var c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        var s = c.prepareStatement(sql)) {
      s.setLong(1, runId);
      try (var r = s.executeQuery()) {
        r.next();
        long[] values = new long[r.getMetaData().getColumnCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = r.getLong(i + 1);
        }
        return values;
      }
    }
  }

  /**
   * The run, node and action tables before the master exists, as its DDL makes them (it then only
   * adds what is missing): the collector stores batches of running runs from their nodes only, and
   * without the action counters their hot-row UPDATE would not be measured.
   */
  private static void createTables(EmbeddedDatabase db) throws Exception {
    try (var c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        var st = c.createStatement()) {
      st.executeUpdate(
          "CREATE TABLE vox_run (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,"
              + " plan_json LONGTEXT NOT NULL, state VARCHAR(16) NOT NULL, users INTEGER,"
              + " actions INTEGER, min_nodes INTEGER, current_action INTEGER, connected INTEGER,"
              + " connect_failed INTEGER, created_at_ms BIGINT, started_at_ms BIGINT,"
              + " ended_at_ms BIGINT, error VARCHAR(1000), last_control_ms BIGINT,"
              + " stop_requested TINYINT(1) DEFAULT 0, ready_at_ms BIGINT DEFAULT 0,"
              + " next_requested TINYINT(1) DEFAULT 0, passed TINYINT(1), verdict_json LONGTEXT)");
      st.executeUpdate(
          "CREATE TABLE vox_action (run_id BIGINT NOT NULL, action INTEGER NOT NULL,"
              + " name VARCHAR(100), users BIGINT NOT NULL DEFAULT 0, reported BIGINT,"
              + " errors BIGINT, requests BIGINT NOT NULL,"
              + " failures BIGINT NOT NULL, http_requests BIGINT NOT NULL DEFAULT 0,"
              + " last_report_at_ms BIGINT NOT NULL DEFAULT 0,"
              + " dispatched_at_ms BIGINT, completed_at_ms BIGINT, PRIMARY KEY (run_id, action))");
      st.executeUpdate(
          "CREATE TABLE vox_run_node (run_id BIGINT NOT NULL, node_id VARCHAR(100) NOT NULL,"
              + " first_user BIGINT, users INTEGER, ready TINYINT(1) DEFAULT 0, connected INTEGER,"
              + " failed INTEGER, lost TINYINT(1) DEFAULT 0, lost_reason VARCHAR(300),"
              + " incarnation VARCHAR(64), PRIMARY KEY (run_id, node_id))");
    }
  }

  /** Run {@code runId} of {@code runRows} results, completed, with its action counters at 0. */
  private void addRun(EmbeddedDatabase db, long runId, long runRows) throws Exception {
    try (var c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        var s =
            c.prepareStatement(
                "INSERT INTO vox_run (id, name, plan_json, state, users, actions, min_nodes,"
                    + " current_action, connected, connect_failed, created_at_ms, started_at_ms,"
                    + " ended_at_ms, last_control_ms, stop_requested)"
                    + " VALUES (?, 'bench', '{}', 'RUNNING', ?, ?, 1, ?, ?, 0, 0, 0, 0, 0, 0)");
        var st = c.createStatement()) {
      s.setLong(1, runId);
      s.setLong(2, runRows / actions);
      s.setInt(3, actions);
      s.setInt(4, actions);
      s.setLong(5, runRows / actions);
      s.executeUpdate();
      // the collector stores a batch only from a node with a slice of a running run
      st.executeUpdate(
          "INSERT INTO vox_run_node (run_id, node_id, first_user, users, ready, connected,"
              + " failed, lost) VALUES ("
              + runId
              + ", 'node-bench', 0, "
              + runRows / actions
              + ", 1, "
              + runRows / actions
              + ", 0, 0)");
      for (int a = 1; a <= actions; a++) {
        st.executeUpdate(
            "INSERT INTO vox_action (run_id, action, name, users, reported, errors, requests,"
                + " failures, dispatched_at_ms, completed_at_ms) VALUES ("
                + runId
                + ", "
                + a
                + ", 'bench', "
                + runRows / actions
                + ", 0, 0, 0, 0, 0, 0)");
      }
    }
  }

  /** Streams {@code url} once to its end, counting lines: an export's rows per second. */
  private void timeOnce(String label, String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<java.util.stream.Stream<String>> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", login).build(),
                HttpResponse.BodyHandlers.ofLines());
    long lines = r.body().count();
    double secs = (System.nanoTime() - t0) / 1e9;
    out.printf(
        "%-45s %8.3f  (HTTP %d, %,d lines, %,.0f rows/s)%n",
        label, secs, r.statusCode(), lines, (lines - 1) / secs);
  }

  private void timeDelete(String label, String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", login)
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    double secs = (System.nanoTime() - t0) / 1e9;
    out.printf("%-45s %8.3f  (HTTP %d %s)%n", label, secs, r.statusCode(), r.body());
  }

  /** The Authorization header of the bench master's admin. */
  private String login = "";

  private void time(String label, String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    double[] t = new double[3];
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).header("Authorization", login).build(),
              HttpResponse.BodyHandlers.ofString());
      t[i] = (System.nanoTime() - t0) / 1e9;
      if (r.statusCode() != 200) {
        out.println(label + ": HTTP " + r.statusCode() + " " + r.body());
        return;
      }
    }
    double first = t[0];
    Arrays.sort(t);
    out.printf("%-45s %8.3f  (first call %.3f)%n", label, t[1], first);
  }
}
