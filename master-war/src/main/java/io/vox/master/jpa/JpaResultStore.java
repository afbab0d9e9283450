package io.vox.master.jpa;

import io.vox.master.app.RejectedBatchException;
import io.vox.master.app.port.ResultStore;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RequestHistogram;
import io.vox.messaging.ResultRows;
import io.vox.messaging.UserResult;
import io.vox.persistence.ResultRow;
import io.vox.persistence.SlowRow;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Stores a report batch: its id, one row per user result and the action counters, all in one
 * transaction of its own. A batch id already stored makes it a no-op.
 */
@ApplicationScoped
public class JpaResultStore implements ResultStore {
  private static final Logger LOG = Logger.getLogger(JpaResultStore.class.getName());
  private static final String ADD_SECOND =
      "INSERT INTO vox_second (run_id, action, at_second, results, errors, latency_sum_us,"
          + " latency_max_us) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
          + " results = results + VALUES(results), errors = errors + VALUES(errors),"
          + " latency_sum_us = latency_sum_us + VALUES(latency_sum_us),"
          + " latency_max_us = GREATEST(latency_max_us, VALUES(latency_max_us))";
  private static final String INSERT_ERROR =
      "INSERT INTO vox_error (run_id, action, user_id, node_id, start_us, latency_us, status,"
          + " error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  @PersistenceContext(unitName = "vox")
  EntityManager em;

  @Inject ResultRowWriter rows;
  @Inject SlowFloors floors;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * Returns false when the batch had already been stored, or its run does not exist; throws a
   * {@link RejectedBatchException} for a batch that cannot be true (see {@link #reject}). Runs in a
   * transaction of its own, in plain JDBC on the persistence context's connection: a batch costs
   * eight round trips to the database (run check, batch id, histograms, rows, errors, slowest,
   * counters, per-second sums) besides the commit, where going through entities cost ten.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean store(ReportBatch batch, long nowMs) {
    // EclipseLink's own connection of this transaction: rows, id, histograms and counters commit
    // or roll back together. Not closed here: EclipseLink owns it.
    Connection c = em.unwrap(Connection.class);
    try {
      RunCheck run = check(c, batch);
      if (run == null) {
        // a late batch of a deleted run (or of none): storing it would leave rows of no run
        LOG.info(
            () -> "run=" + batch.runId() + " batch=" + batch.batchId() + ": no such run, dropped");
        return false;
      }
      String lie = reject(batch, run);
      if (lie != null) {
        if (stored(c, batch)) {
          return false; // a repeat of a batch stored before its run ended
        }
        throw new RejectedBatchException(lie);
      }
      ResultRows results = batch.results();
      List<LatencyHistogram> histograms = batch.histograms();
      List<RequestHistogram> requests = batch.requests();
      if (run.lost() || run.completedThrough() > 0) {
        // users of a lost node, or of an action that completed (its missing users were filled in
        // at its deadline), may already have a row: only the others are stored
        Set<Integer> dropped = new java.util.TreeSet<>();
        List<UserResult> fresh = notYetStored(batch, run, dropped);
        if (!dropped.isEmpty()) {
          results = ResultRows.of(fresh);
          // the histograms of an action that lost rows hold only what is stored; the others, as
          // sent (with their loop samples and request phases)
          List<LatencyHistogram> kept = new ArrayList<>();
          // what the node measured of itself (its loops' lag, the command's delivery) stays
          java.util.Map<Integer, LatencyHistograms.Acting> measured = new java.util.HashMap<>();
          for (LatencyHistogram h : histograms) {
            if (!dropped.contains(h.action())) {
              kept.add(h);
            } else if (h.lagHdr() != null || h.deliveryUs() >= 0) {
              measured.put(
                  h.action(),
                  new LatencyHistograms.Acting(
                      h.lagHdr() == null
                          ? new org.HdrHistogram.Histogram(3)
                          : LatencyHistograms.decode(h.lagHdr()),
                      h.deliveryUs(),
                      h.clockErrorUs()));
            }
          }
          kept.addAll(
              LatencyHistograms.of(
                  fresh.stream().filter(r -> dropped.contains(r.action())).toList(),
                  java.util.Map.of(),
                  measured));
          histograms = kept;
          requests = requests.stream().filter(r -> !dropped.contains(r.action())).toList();
        }
      }
      // the batch id first: a concurrent duplicate waits here for the first one's commit, then
      // finds the id, before any row
      if (!insertBatchId(c, batch, results.size(), nowMs)) {
        return false;
      }
      insertHistograms(c, batch, histograms);
      insertRequests(c, batch, requests);
      if (!results.isEmpty()) {
        rows.write(c, batch.runId(), batch.nodeId(), results);
        insertErrors(c, batch, results);
        insertSlowest(c, batch, results);
      }
      addToCounters(c, batch, results, histograms, nowMs);
      // after the counters: their row lock orders every batch of an action, so these upserts of
      // shared (run, action, second) rows cannot deadlock one another
      addSeconds(c, batch, results);
      return true;
    } catch (SQLException e) {
      throw new PersistenceException(
          "run=" + batch.runId() + " batch=" + batch.batchId() + ": storing failed", e);
    }
  }

  /**
   * What the collector checks a batch against: the run's state and number of actions, whether the
   * batch's node has a slice of it ({@code member}), is lost, the slice's users, and the last
   * action that completed in order (0: none).
   */
  record RunCheck(
      String state,
      int actions,
      boolean member,
      boolean lost,
      long firstUser,
      int users,
      int completedThrough) {}

  /** The batch's run as the collector checks it; null if there is no such run. */
  private static RunCheck check(Connection c, ReportBatch batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RUN_CHECK)) {
      ps.setString(1, batch.nodeId());
      ps.setLong(2, batch.runId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new RunCheck(
            rs.getString(1),
            rs.getInt(2),
            rs.getString(3) != null,
            rs.getBoolean(4),
            rs.getLong(5),
            rs.getInt(6),
            rs.getInt(7));
      }
    }
  }

  private static final String RUN_CHECK =
      "SELECT r.state, r.actions, n.node_id, COALESCE(n.lost, FALSE), COALESCE(n.first_user, 0),"
          + " COALESCE(n.users, 0), (SELECT COALESCE(MAX(a.action), 0) FROM vox_action a"
          + " WHERE a.run_id = r.id AND a.completed_at_ms > 0) FROM vox_run r"
          + " LEFT JOIN vox_run_node n ON n.run_id = r.id AND n.node_id = ? WHERE r.id = ?";

  /** More HTTP requests than a node could make between two batches, even over a long outage. */
  static final long MAX_HTTP_REQUESTS = 1_000_000_000L;

  /**
   * Why the batch cannot be true, or null: its run has ended (nothing is stored after the end: an
   * abort, a stop at the run's maxDurationMs, results that came after the action's deadline); its
   * node has no slice of the run; a result of a user outside that slice or of an action the run
   * does not have; a histogram that does not decode within bounds (checked here, so reports never
   * meet one). A node that sends such a batch is broken or is not one of ours.
   */
  static String reject(ReportBatch batch, RunCheck run) {
    if (!io.vox.persistence.RunState.valueOf(run.state()).active()) {
      return "run " + batch.runId() + " has ended (" + run.state() + "): nothing is stored after";
    }
    if (!run.member()) {
      return "node " + batch.nodeId() + " has no slice of run " + batch.runId();
    }
    long end = run.firstUser() + run.users();
    for (UserResult r : batch.results()) {
      if (r.user() < run.firstUser() || r.user() >= end) {
        return "user "
            + r.user()
            + " is not in node "
            + batch.nodeId()
            + "'s slice (users "
            + run.firstUser()
            + " to "
            + (end - 1)
            + ")";
      }
      if (r.action() < 1 || r.action() > run.actions()) {
        return "action " + r.action() + " is not one of the run's 1 to " + run.actions();
      }
    }
    for (LatencyHistogram h : batch.histograms()) {
      if (h.action() < 1 || h.action() > run.actions()) {
        return "histogram of action " + h.action() + ", not one of the run's 1 to " + run.actions();
      }
      if (h.httpRequests() > MAX_HTTP_REQUESTS) {
        return "action "
            + h.action()
            + " claims "
            + h.httpRequests()
            + " HTTP requests in one batch (at most "
            + MAX_HTTP_REQUESTS
            + ")";
      }
      String[] phases = h.phases();
      String[] all = new String[4 + phases.length];
      all[0] = h.hdr();
      all[1] = h.correctedHdr();
      all[2] = h.dispatchHdr();
      all[3] = h.lagHdr();
      System.arraycopy(phases, 0, all, 4, phases.length);
      for (String hdr : all) {
        if (hdr != null) {
          try {
            LatencyHistograms.decode(hdr);
          } catch (io.vox.messaging.InvalidMessageException e) {
            return "a histogram of action " + h.action() + ": " + e.getMessage();
          }
        }
      }
    }
    for (RequestHistogram r : batch.requests()) {
      if (r.action() > run.actions()
          || r.group() < 0
          || r.group() >= MAX_GROUPS
          || r.step() < 0
          || r.step() >= MAX_STEPS) {
        return "request figures of action "
            + r.action()
            + ", group "
            + r.group()
            + ", step "
            + r.step()
            + ": no such step in run "
            + batch.runId();
      }
      for (String hdr : new String[] {r.hdr(), r.correctedHdr()}) {
        if (hdr != null) {
          try {
            LatencyHistograms.decode(hdr);
          } catch (io.vox.messaging.InvalidMessageException e) {
            return "request figures of action " + r.action() + ": " + e.getMessage();
          }
        }
      }
    }
    return null;
  }

  /** The plan's bounds: groups in a plan (the schema's), a program's length (the reader's). */
  static final int MAX_GROUPS = 100;

  static final int MAX_STEPS = io.vox.messaging.scenario.Program.MAX_LENGTH;

  /** Whether the batch's id is stored already. */
  private static boolean stored(Connection c, ReportBatch batch) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM vox_batch WHERE batch_id = ?")) {
      ps.setString(1, batch.batchId());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  /** Stores the batch id; false if it is stored already. */
  private static boolean insertBatchId(Connection c, ReportBatch batch, int rows, long nowMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO vox_batch (batch_id, run_id, node_id, row_count, stored_at_ms)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, batch.batchId());
      ps.setLong(2, batch.runId());
      ps.setString(3, batch.nodeId());
      ps.setInt(4, rows);
      ps.setLong(5, nowMs);
      ps.executeUpdate();
      return true;
    } catch (SQLIntegrityConstraintViolationException e) {
      if (e.getErrorCode() == DUPLICATE_KEY) {
        return false; // the failed statement changed nothing; the transaction commits empty
      }
      throw e;
    }
  }

  private static final int DUPLICATE_KEY = 1062;

  private static void insertHistograms(
      Connection c, ReportBatch batch, List<LatencyHistogram> histograms) throws SQLException {
    if (histograms.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO vox_histogram (batch_id, action, run_id, hdr, corrected_hdr,"
                + " dispatch_hdr, dns_hdr, connect_hdr, tls_hdr, wait_hdr, download_hdr, lag_hdr,"
                + " delivery_us, clock_error_us)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (LatencyHistogram h : histograms) {
        ps.setString(1, batch.batchId());
        ps.setInt(2, h.action());
        ps.setLong(3, batch.runId());
        ps.setString(4, h.hdr());
        ps.setString(5, h.correctedHdr());
        ps.setString(6, h.dispatchHdr());
        String[] phases = h.phases();
        for (int p = 0; p < phases.length; p++) {
          ps.setString(7 + p, phases[p]);
        }
        ps.setString(12, h.lagHdr());
        if (h.deliveryUs() >= 0) {
          ps.setLong(13, h.deliveryUs());
        } else {
          ps.setNull(13, java.sql.Types.BIGINT);
        }
        if (h.clockErrorUs() >= 0) {
          ps.setLong(14, h.clockErrorUs());
        } else {
          ps.setNull(14, java.sql.Types.BIGINT);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void insertRequests(
      Connection c, ReportBatch batch, List<RequestHistogram> requests) throws SQLException {
    if (requests.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO vox_request_histogram (batch_id, action, user_group, step, run_id,"
                + " requests, errors, hdr, corrected_hdr, body_bytes, dns_us, connect_us, tls_us,"
                + " wait_us, download_us, answered)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (RequestHistogram r : requests) {
        ps.setString(1, batch.batchId());
        ps.setInt(2, r.action());
        ps.setInt(3, r.group());
        ps.setInt(4, r.step());
        ps.setLong(5, batch.runId());
        ps.setLong(6, r.count());
        ps.setLong(7, r.errors());
        ps.setString(8, r.hdr());
        ps.setString(9, r.correctedHdr());
        ps.setLong(10, r.bytes());
        ps.setLong(11, r.dnsUs());
        ps.setLong(12, r.connectUs());
        ps.setLong(13, r.tlsUs());
        ps.setLong(14, r.waitUs());
        ps.setLong(15, r.downloadUs());
        ps.setLong(16, r.answered());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Adds the batch to its actions' counters ({@code vox_action}), in action order. A batch of loop
   * samples alone adds HTTP requests but is no report of a result: it leaves {@code
   * last_report_at_ms}, which the action's deadline counts from, as it was.
   */
  private static void addToCounters(
      Connection c,
      ReportBatch batch,
      List<UserResult> results,
      List<LatencyHistogram> histograms,
      long nowMs)
      throws SQLException {
    Map<Integer, long[]> perAction = new TreeMap<>();
    for (LatencyHistogram h : histograms) {
      if (h.httpRequests() > 0) {
        perAction.computeIfAbsent(h.action(), a -> new long[5])[4] += h.httpRequests();
      }
    }
    for (UserResult r : results) {
      long[] counts = perAction.computeIfAbsent(r.action(), a -> new long[5]);
      counts[0]++;
      if (!r.ok()) {
        counts[1]++;
      }
      counts[2] += r.requests();
      counts[3] += r.failures();
    }
    if (perAction.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE vox_action SET reported = reported + ?, errors = errors + ?, requests ="
                + " requests + ?, failures = failures + ?, http_requests = http_requests + ?,"
                + " last_report_at_ms = IF(? > 0, ?, last_report_at_ms) WHERE run_id = ?"
                + " AND action = ?")) {
      for (Map.Entry<Integer, long[]> e : perAction.entrySet()) {
        long[] counts = e.getValue();
        for (int i = 0; i < 5; i++) {
          ps.setLong(i + 1, counts[i]);
        }
        ps.setLong(6, counts[0]);
        ps.setLong(7, nowMs);
        ps.setLong(8, batch.runId());
        ps.setInt(9, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Adds the batch's results to the per-second sums of their action ({@code vox_second}). */
  private static void addSeconds(Connection c, ReportBatch batch, List<UserResult> results)
      throws SQLException {
    Map<Long, long[]> sums = new TreeMap<>(); // key: action << 40 | second, in lock order
    for (UserResult r : results) {
      if (r.startUs() <= 0) {
        continue; // never sent (not connected)
      }
      long key = ((long) r.action() << 40) | (r.startUs() / 1_000_000L);
      long[] s = sums.computeIfAbsent(key, k -> new long[4]);
      s[0]++;
      if (r.ok()) {
        s[2] += r.latencyUs();
        s[3] = Math.max(s[3], r.latencyUs());
      } else {
        s[1]++;
      }
    }
    if (sums.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(ADD_SECOND)) {
      for (Map.Entry<Long, long[]> e : sums.entrySet()) {
        long[] s = e.getValue();
        ps.setLong(1, batch.runId());
        ps.setInt(2, (int) (e.getKey() >>> 40));
        ps.setLong(3, e.getKey() & ((1L << 40) - 1));
        ps.setLong(4, s[0]);
        ps.setLong(5, s[1]);
        ps.setLong(6, s[2]);
        ps.setLong(7, s[3]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The {@link SlowRow#KEPT} slowest successful results of each action of the batch into {@code
   * vox_slow}, the table the slowest-users report reads, but for those faster than the action's
   * {@link SlowFloors floor}; the floors learn the ones written once the transaction commits.
   */
  private void insertSlowest(Connection c, ReportBatch batch, List<UserResult> results)
      throws SQLException {
    Map<Integer, PriorityQueue<UserResult>> slowest = slowest(results, SlowRow.KEPT);
    Map<Integer, long[]> written = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO vox_slow (run_id, action, latency_us, user_id) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<Integer, PriorityQueue<UserResult>> e : slowest.entrySet()) {
        long floor = floors.floor(batch.runId(), e.getKey());
        List<UserResult> above = e.getValue().stream().filter(r -> r.latencyUs() >= floor).toList();
        if (above.isEmpty()) {
          continue;
        }
        written.put(e.getKey(), above.stream().mapToLong(UserResult::latencyUs).toArray());
        for (UserResult r : above) {
          ps.setLong(1, batch.runId());
          ps.setInt(2, r.action());
          ps.setLong(3, r.latencyUs());
          ps.setLong(4, r.user());
          ps.addBatch();
        }
      }
      if (written.isEmpty()) {
        return;
      }
      ps.executeBatch();
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              written.forEach(
                  (action, latencies) -> floors.committed(batch.runId(), action, latencies));
            }
          }
        });
  }

  /** Per action, the {@code kept} successful results of highest latency (in no order). */
  static Map<Integer, PriorityQueue<UserResult>> slowest(List<UserResult> results, int kept) {
    Map<Integer, PriorityQueue<UserResult>> slowest = new TreeMap<>();
    for (UserResult r : results) {
      if (!r.ok()) {
        continue;
      }
      PriorityQueue<UserResult> q =
          slowest.computeIfAbsent(
              r.action(),
              a -> new PriorityQueue<>(kept + 1, Comparator.comparingLong(UserResult::latencyUs)));
      if (q.size() < kept) {
        q.add(r);
      } else if (r.latencyUs() > q.peek().latencyUs()) {
        q.poll();
        q.add(r);
      }
    }
    return slowest;
  }

  /** The failed results once more into {@code vox_error}, the table error reports read. */
  private static void insertErrors(Connection c, ReportBatch batch, List<UserResult> results)
      throws SQLException {
    if (results.stream().allMatch(UserResult::ok)) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_ERROR)) {
      for (UserResult r : results) {
        if (!r.ok()) {
          ps.setLong(1, batch.runId());
          ps.setInt(2, r.action());
          ps.setLong(3, r.user());
          ps.setString(4, batch.nodeId());
          ps.setLong(5, r.startUs());
          ps.setLong(6, r.latencyUs());
          ps.setInt(7, r.status());
          ps.setString(8, ResultRow.clip(r.error() == null ? "failed" : r.error()));
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  /**
   * The batch's results whose users have no row yet (checked on a lost node, and for the actions
   * that completed: their missing users may have been filled in); the actions of those dropped go
   * into {@code dropped}.
   */
  private List<UserResult> notYetStored(ReportBatch batch, RunCheck run, Set<Integer> dropped) {
    // per action checked, the range of the batch's users: one range read of the key each
    Map<Integer, long[]> ranges = new TreeMap<>();
    for (UserResult r : batch.results()) {
      if (run.lost() || r.action() <= run.completedThrough()) {
        long[] range = ranges.computeIfAbsent(r.action(), a -> new long[] {r.user(), r.user()});
        range[0] = Math.min(range[0], r.user());
        range[1] = Math.max(range[1], r.user());
      }
    }
    Map<Integer, Set<Long>> stored = new HashMap<>();
    ranges.forEach(
        (a, range) ->
            stored.put(a, JpaRunStore.usersWithRows(em, batch.runId(), a, range[0], range[1])));
    List<UserResult> fresh = new ArrayList<>();
    for (UserResult r : batch.results()) {
      Set<Long> users = stored.get(r.action());
      if (users == null || !users.contains(r.user())) {
        fresh.add(r);
      } else {
        dropped.add(r.action());
      }
    }
    int late = batch.results().size() - fresh.size();
    if (late > 0) {
      LOG.info(
          () ->
              "run="
                  + batch.runId()
                  + " node="
                  + batch.nodeId()
                  + " batch="
                  + batch.batchId()
                  + ": "
                  + late
                  + " late results of users already recorded as lost were dropped");
    }
    return fresh;
  }

  @Override
  public long loadedRows() {
    return rows.loadedRows();
  }

  @Override
  public long insertedRows() {
    return rows.insertedRows();
  }
}
