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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
  private static final String INSERT =
      "INSERT INTO vox_result (run_id, action, user_id, node_id, intended_us, start_us,"
          + " latency_us, status, error, loop_iterations, loop_failures)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  @PersistenceContext(unitName = "vox")
  EntityManager em;

  /** Returns false when the batch had already been stored. Runs in a transaction of its own. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean store(ReportBatch batch, long nowMs) {
    if (em.find(StoredBatch.class, batch.batchId()) != null) {
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
    return true;
  }

  /**
   * One multi-row INSERT per batch (JDBC batch, rewritten by Connector/J) on the transaction's
   * connection: faster than persisting an entity per row (bench/README.md).
   */
  private void insertRows(ReportBatch batch, List<UserResult> results) {
    if (results.isEmpty()) {
      return;
    }
    // EclipseLink's own connection of this transaction (it flushed the batch id on it): rows, id,
    // histograms and counters commit or roll back together. Not closed here: EclipseLink owns it.
    Connection c = em.unwrap(Connection.class);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (UserResult r : results) {
        ps.setLong(1, batch.runId());
        ps.setInt(2, r.action());
        ps.setLong(3, r.user());
        ps.setString(4, batch.nodeId());
        ps.setLong(5, r.intendedUs());
        ps.setLong(6, r.startUs());
        ps.setLong(7, r.latencyUs());
        ps.setInt(8, r.status());
        ps.setString(9, ResultRow.clip(r.error()));
        ps.setInt(10, r.loopIterations());
        ps.setInt(11, r.loopFailures());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new PersistenceException(
          "run=" + batch.runId() + " batch=" + batch.batchId() + ": storing results failed", e);
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
