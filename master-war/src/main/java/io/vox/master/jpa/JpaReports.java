package io.vox.master.jpa;

import io.vox.master.report.ActionSummary;
import io.vox.master.report.ResultView;
import io.vox.master.report.RunView;
import io.vox.persistence.ActionStat;
import io.vox.persistence.ResultRow;
import io.vox.persistence.RunNode;
import io.vox.persistence.TestRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Read-side queries for the REST API and pages; each returns plain records. */
@ApplicationScoped
public class JpaReports {
  @PersistenceContext(unitName = "vox")
  EntityManager em;

  /** The run, or null when there is none with that id. */
  public RunView run(long runId) {
    TestRun r = em.find(TestRun.class, runId);
    if (r == null) {
      return null;
    }
    List<RunView.NodeView> nodes =
        em
            .createNamedQuery(RunNode.OF_RUN, RunNode.class)
            .setParameter("run", runId)
            .getResultList()
            .stream()
            .map(
                n ->
                    new RunView.NodeView(
                        n.getNodeId(),
                        n.getFirstUser(),
                        n.getUsers(),
                        n.isReady(),
                        n.getConnected(),
                        n.getFailed(),
                        n.isLost() ? n.getLostReason() : null))
            .toList();
    List<RunView.ActionView> actions =
        em
            .createNamedQuery(ActionStat.OF_RUN, ActionStat.class)
            .setParameter("run", runId)
            .getResultList()
            .stream()
            .map(
                a ->
                    new RunView.ActionView(
                        a.getAction(),
                        a.getReported(),
                        a.getErrors(),
                        a.getDispatchedAtMs(),
                        a.getCompletedAtMs()))
            .toList();
    return new RunView(
        r.getId(),
        r.getName(),
        r.getState().name(),
        r.getUsers(),
        r.getActions(),
        r.getCurrentAction(),
        r.getConnected(),
        r.getConnectFailed(),
        r.getCreatedAtMs(),
        r.getStartedAtMs(),
        r.getEndedAtMs(),
        r.getError(),
        nodes,
        actions);
  }

  /** The latest runs, newest first. */
  public List<RunView> latest(int max) {
    return em
        .createNamedQuery(TestRun.LATEST, TestRun.class)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(r -> run(r.getId()))
        .toList();
  }

  /** Counts and latency percentiles of one action, computed from its stored rows. */
  public ActionSummary action(long runId, int action) {
    Object[] s =
        em.createNamedQuery(ResultRow.SUMMARY, Object[].class)
            .setParameter("run", runId)
            .setParameter("action", action)
            .getSingleResult();
    long count = ((Number) s[0]).longValue();
    long errors = s[1] == null ? 0 : ((Number) s[1]).longValue();
    long ok = count - errors;
    return new ActionSummary(
        runId,
        action,
        count,
        errors,
        latencyAt(runId, action, ok, 0),
        percentile(runId, action, ok, 0.50),
        percentile(runId, action, ok, 0.95),
        percentile(runId, action, ok, 0.99),
        latencyAt(runId, action, ok, ok - 1));
  }

  private Double percentile(long runId, int action, long ok, double p) {
    return latencyAt(runId, action, ok, (long) Math.ceil(p * ok) - 1);
  }

  /** The latency (ms) at rank {@code index} of the successful results, or null when none. */
  private Double latencyAt(long runId, int action, long ok, long index) {
    if (ok <= 0) {
      return null;
    }
    Long us =
        em.createNamedQuery(ResultRow.LATENCIES, Long.class)
            .setParameter("run", runId)
            .setParameter("action", action)
            .setFirstResult((int) Math.max(0, Math.min(index, ok - 1)))
            .setMaxResults(1)
            .getSingleResult();
    return us / 1000.0;
  }

  /**
   * Page {@code page} (from 0) of the run's rows. The total comes from the action counters, which
   * the collector raises in the transaction that stores the rows: a COUNT over a run of 10M rows
   * took 3 s (bench-ingest).
   */
  public ResultView results(long runId, int page, int size) {
    long total =
        ((Number)
                em.createNamedQuery(ActionStat.REPORTED_OF_RUN)
                    .setParameter("run", runId)
                    .getSingleResult())
            .longValue();
    List<ResultView.Row> rows =
        em
            .createNamedQuery(ResultRow.PAGE, ResultRow.class)
            .setParameter("run", runId)
            .setFirstResult(page * size)
            .setMaxResults(size)
            .getResultList()
            .stream()
            .map(
                r ->
                    new ResultView.Row(
                        r.getUserId(),
                        r.getAction(),
                        r.getNodeId(),
                        r.getStartUs(),
                        r.getLatencyUs(),
                        r.getStatus(),
                        r.getError()))
            .toList();
    return new ResultView(runId, page, size, total, rows);
  }
}
