package io.vox.master.jpa;

import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import io.vox.persistence.ActionStat;
import io.vox.persistence.ResultRow;
import io.vox.persistence.StoredBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores a report batch: its id, one row per user result (batched inserts) and the action counters,
 * all in the caller's transaction. A batch id already stored makes it a no-op.
 */
@ApplicationScoped
public class JpaResultStore {
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
    Map<Integer, long[]> perAction = new TreeMap<>();
    for (UserResult r : batch.results()) {
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
}
