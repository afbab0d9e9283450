package io.vox.master.jpa;

import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import io.vox.persistence.ActionStat;
import io.vox.persistence.BatchHistogram;
import io.vox.persistence.ResultRow;
import io.vox.persistence.RunNode;
import io.vox.persistence.StoredBatch;
import io.vox.persistence.TestRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Stores a report batch: its id, one row per user result (batched inserts) and the action counters,
 * all in the caller's transaction. A batch id already stored makes it a no-op.
 */
@ApplicationScoped
public class JpaResultStore {
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

  /** Returns false when the batch had already been stored. Runs in a transaction of its own. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean store(ReportBatch batch, long nowMs) {
    if (em.find(StoredBatch.class, batch.batchId()) != null) {
      return false;
    }
    if (((Number)
                em.createNamedQuery(TestRun.EXISTS)
                    .setParameter("id", batch.runId())
                    .getSingleResult())
            .longValue()
        == 0) {
      // a late batch of a deleted run (or of none): storing it would leave rows of no run
      LOG.info(
          () -> "run=" + batch.runId() + " batch=" + batch.batchId() + ": no such run, dropped");
      return false;
    }
    em.persist(
        new StoredBatch(
            batch.batchId(), batch.runId(), batch.nodeId(), batch.results().size(), nowMs));
    List<UserResult> results = batch.results();
    List<LatencyHistogram> histograms = batch.histograms();
    RunNode node = em.find(RunNode.class, new RunNode.Key(batch.runId(), batch.nodeId()));
    if (node != null && node.isLost()) {
      results = notYetStored(batch);
      histograms = LatencyHistograms.of(results); // only what is stored
    }
    for (LatencyHistogram h : histograms) {
      em.persist(
          new BatchHistogram(
              batch.batchId(),
              h.action(),
              batch.runId(),
              h.hdr(),
              h.correctedHdr(),
              h.dispatchHdr()));
    }
    Map<Integer, long[]> perAction = new TreeMap<>();
    for (UserResult r : results) {
      long[] counts = perAction.computeIfAbsent(r.action(), a -> new long[4]);
      counts[0]++;
      if (!r.ok()) {
        counts[1]++;
      }
      counts[2] += r.requests();
      counts[3] += r.failures();
    }
    em.flush(); // the batch id first: a concurrent duplicate fails here, before any row
    insertRows(batch, results);
    perAction.forEach(
        (action, counts) ->
            em.createNamedQuery(ActionStat.ADD)
                .setParameter("reported", counts[0])
                .setParameter("errors", counts[1])
                .setParameter("requests", counts[2])
                .setParameter("failures", counts[3])
                .setParameter("run", batch.runId())
                .setParameter("action", action)
                .executeUpdate());
    // after the counters: their row lock orders every batch of an action, so these upserts of
    // shared (run, action, second) rows cannot deadlock one another
    addSeconds(batch, results);
    return true;
  }

  /** Adds the batch's results to the per-second sums of their action ({@code vox_second}). */
  private void addSeconds(ReportBatch batch, List<UserResult> results) {
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
    Connection c = em.unwrap(Connection.class);
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
    } catch (SQLException e) {
      throw new PersistenceException(
          "run=" + batch.runId() + " batch=" + batch.batchId() + ": per-second sums failed", e);
    }
  }

  /**
   * One multi-row INSERT per batch on the transaction's connection: faster than persisting an
   * entity per row (bench/README.md).
   */
  private void insertRows(ReportBatch batch, List<UserResult> results) {
    if (results.isEmpty()) {
      return;
    }
    // EclipseLink's own connection of this transaction (it flushed the batch id on it): rows, id,
    // histograms and counters commit or roll back together. Not closed here: EclipseLink owns it.
    Connection c = em.unwrap(Connection.class);
    try (Statement st = c.createStatement()) {
      st.executeUpdate(rowsInsert(batch.runId(), batch.nodeId(), results));
      insertErrors(c, batch, results);
    } catch (SQLException e) {
      throw new PersistenceException(
          "run=" + batch.runId() + " batch=" + batch.batchId() + ": storing results failed", e);
    }
  }

  /**
   * One multi-row INSERT of {@code results} written as SQL text: numbers as digits, strings as hex
   * literals ({@code X'..'}, which need no escaping in any SQL mode). It is the statement
   * Connector/J sends for a rewritten batch anyway, without binding 11 parameter objects per row,
   * which took half of the collector's CPU (bench/README.md).
   */
  static String rowsInsert(long runId, String nodeId, List<UserResult> results) {
    String node = hex(nodeId);
    StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + results.size() * 120);
    sql.append(INSERT_HEAD);
    for (int i = 0; i < results.size(); i++) {
      UserResult r = results.get(i);
      sql.append(i == 0 ? "(" : ",(")
          .append(runId)
          .append(',')
          .append(r.action())
          .append(',')
          .append(r.user())
          .append(',')
          .append(node)
          .append(',')
          .append(r.intendedUs())
          .append(',')
          .append(r.startUs())
          .append(',')
          .append(r.latencyUs())
          .append(',')
          .append(r.status())
          .append(',')
          .append(r.error() == null ? "NULL" : hex(ResultRow.clip(r.error())))
          .append(',')
          .append(r.loopIterations())
          .append(',')
          .append(r.loopFailures())
          .append(')');
    }
    return sql.toString();
  }

  private static final String INSERT_HEAD =
      "INSERT INTO vox_result (run_id, action, user_id, node_id, intended_us, start_us,"
          + " latency_us, status, error, loop_iterations, loop_failures) VALUES ";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** {@code s} as a MySQL hex string literal of its UTF-8 bytes. */
  static String hex(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (b.length == 0) {
      return "''";
    }
    char[] out = new char[b.length * 2 + 3];
    out[0] = 'X';
    out[1] = '\'';
    for (int i = 0; i < b.length; i++) {
      out[2 + 2 * i] = HEX[(b[i] >> 4) & 0xF];
      out[3 + 2 * i] = HEX[b[i] & 0xF];
    }
    out[out.length - 1] = '\'';
    return new String(out);
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

  private List<UserResult> notYetStored(ReportBatch batch) {
    Map<Integer, Set<Long>> stored = new HashMap<>();
    List<UserResult> fresh = new ArrayList<>();
    for (UserResult r : batch.results()) {
      Set<Long> users =
          stored.computeIfAbsent(
              r.action(),
              a ->
                  new HashSet<>(
                      em.createNamedQuery(ResultRow.USERS_OF_NODE, Long.class)
                          .setParameter("run", batch.runId())
                          .setParameter("action", a)
                          .setParameter("node", batch.nodeId())
                          .getResultList()));
      if (!users.contains(r.user())) {
        fresh.add(r);
      }
    }
    int dropped = batch.results().size() - fresh.size();
    if (dropped > 0) {
      LOG.info(
          () ->
              "run="
                  + batch.runId()
                  + " node="
                  + batch.nodeId()
                  + " batch="
                  + batch.batchId()
                  + ": "
                  + dropped
                  + " late results of users already recorded as lost were dropped");
    }
    return fresh;
  }
}
