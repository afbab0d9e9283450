package io.vox.master.jpa;

import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import io.vox.persistence.ActionStat;
import io.vox.persistence.ResultRow;
import io.vox.persistence.RunNode;
import io.vox.persistence.StoredBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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

  @PersistenceContext(unitName = "vox")
  EntityManager em;

  /** Returns false when the batch had already been stored. */
  public boolean store(ReportBatch batch, long nowMs) {
    if (em.find(StoredBatch.class, batch.batchId()) != null) {
      return false;
    }
    em.persist(
        new StoredBatch(
            batch.batchId(), batch.runId(), batch.nodeId(), batch.results().size(), nowMs));
    List<UserResult> results = batch.results();
    RunNode node = em.find(RunNode.class, new RunNode.Key(batch.runId(), batch.nodeId()));
    if (node != null && node.isLost()) {
      results = notYetStored(batch);
    }
    Map<Integer, long[]> perAction = new TreeMap<>();
    for (UserResult r : results) {
      em.persist(
          new ResultRow(
              batch.runId(),
              r.action(),
              r.user(),
              batch.nodeId(),
              r.startUs(),
              r.latencyUs(),
              r.status(),
              r.error()));
      long[] counts = perAction.computeIfAbsent(r.action(), a -> new long[2]);
      counts[0]++;
      if (!r.ok()) {
        counts[1]++;
      }
    }
    em.flush(); // rows first: a duplicate (run, action, user) fails here, before the counters move
    perAction.forEach(
        (action, counts) ->
            em.createNamedQuery(ActionStat.ADD)
                .setParameter("reported", counts[0])
                .setParameter("errors", counts[1])
                .setParameter("run", batch.runId())
                .setParameter("action", action)
                .executeUpdate());
    return true;
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
