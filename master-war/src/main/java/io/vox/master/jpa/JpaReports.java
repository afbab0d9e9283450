package io.vox.master.jpa;

import io.vox.master.report.ActionSummary;
import io.vox.master.report.ResultView;
import io.vox.master.report.RunComparison;
import io.vox.master.report.RunView;
import io.vox.master.run.ResultMetrics;
import io.vox.master.run.ThresholdResult;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.LatencyHistograms;
import io.vox.persistence.ActionStat;
import io.vox.persistence.BatchHistogram;
import io.vox.persistence.ResultRow;
import io.vox.persistence.Run;
import io.vox.persistence.RunNode;
import io.vox.persistence.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Read-side queries for the REST API and pages; each returns plain records. */
@ApplicationScoped
public class JpaReports implements ResultMetrics, io.vox.master.app.port.RunReports {
  @PersistenceContext(unitName = "vox")
  EntityManager em;

  /** The run, or null when there is none with that id. */
  public RunView run(long runId) {
    Run r = em.find(Run.class, runId);
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
                        a.getName(),
                        a.getUsers(),
                        a.getReported(),
                        a.getErrors(),
                        a.getDispatchedAtMs(),
                        a.getCompletedAtMs()))
            .toList();
    return new RunView(
        r.getId(),
        r.getName(),
        r.getState(),
        r.getUsers(),
        r.getActions(),
        r.getCurrentAction(),
        r.getConnected(),
        r.getConnectFailed(),
        r.getCreatedAtMs(),
        r.getStartedAtMs(),
        r.getEndedAtMs(),
        r.getError(),
        r.getPassed(),
        verdict(r.getVerdictJson()),
        nodes,
        actions,
        params(r.getParamsJson()));
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, String> params(String json) {
    if (json == null) {
      return java.util.Map.of();
    }
    return JSONB.fromJson(
        json, new java.util.LinkedHashMap<String, String>() {}.getClass().getGenericSuperclass());
  }

  @Override
  public String planJson(long runId) {
    Run r = em.find(Run.class, runId);
    return r == null ? null : r.getPlanJson();
  }

  /** Yasson is thread-safe and costly to build: one for every view of a run. */
  static final jakarta.json.bind.Jsonb JSONB = jakarta.json.bind.JsonbBuilder.create();

  private static List<ThresholdResult> verdict(String json) {
    if (json == null) {
      return null;
    }
    return JSONB.fromJson(
        json, new java.util.ArrayList<ThresholdResult>() {}.getClass().getGenericSuperclass());
  }

  @Override
  public Figures figures(long runId, List<Integer> actions) {
    Histogram merged = new Histogram(3);
    Histogram corrected = new Histogram(3);
    long count = 0;
    long errors = 0;
    for (int action : actions) {
      ActionStat stat = em.find(ActionStat.class, new ActionStat.Key(runId, action));
      if (stat != null) {
        count += stat.getRequests();
        errors += stat.getFailures();
      }
      for (Object[] hdrs :
          em.createNamedQuery(BatchHistogram.OF_ACTION, Object[].class)
              .setParameter("run", runId)
              .setParameter("action", action)
              .getResultList()) {
        LatencyHistograms.addInto(merged, (String) hdrs[0]);
        LatencyHistograms.addInto(corrected, (String) hdrs[1]);
      }
    }
    return figures(count, errors, merged, corrected);
  }

  @Override
  public Figures requestFigures(long runId, List<int[]> steps) {
    Histogram merged = new Histogram(3);
    Histogram corrected = new Histogram(3);
    long count = 0;
    long errors = 0;
    java.util.Set<List<Integer>> wanted = new java.util.HashSet<>(); // action, group, step
    for (int[] s : steps) {
      wanted.add(List.of(s[0], s[1], s[2]));
    }
    if (wanted.isEmpty()) {
      return figures(0, 0, merged, corrected);
    }
    List<Integer> actions = wanted.stream().map(w -> w.get(0)).distinct().toList();
    for (Object[] row :
        em.createNamedQuery(io.vox.persistence.RequestHistogramRow.OF_ACTIONS, Object[].class)
            .setParameter("run", runId)
            .setParameter("actions", actions)
            .getResultList()) {
      List<Integer> key =
          List.of(
              ((Number) row[0]).intValue(),
              ((Number) row[1]).intValue(),
              ((Number) row[2]).intValue());
      if (!wanted.contains(key)) {
        continue;
      }
      count += ((Number) row[3]).longValue();
      errors += ((Number) row[4]).longValue();
      if (row[5] != null) {
        LatencyHistograms.addInto(merged, (String) row[5]);
        LatencyHistograms.addInto(corrected, (String) row[6]);
      }
    }
    return figures(count, errors, merged, corrected);
  }

  private static Figures figures(long count, long errors, Histogram merged, Histogram corrected) {
    if (merged.getTotalCount() == 0) {
      return new Figures(count, errors, null, null, null, null, null, null, null, null);
    }
    return new Figures(
        count,
        errors,
        ms(merged.getValueAtPercentile(50)),
        ms(merged.getValueAtPercentile(90)),
        ms(merged.getValueAtPercentile(95)),
        ms(merged.getValueAtPercentile(99)),
        ms(merged.getValueAtPercentile(99.9)),
        ms(merged.getMaxValue()),
        merged.getMean() / 1000.0,
        ms(corrected.getValueAtPercentile(99)));
  }

  private static Double ms(long us) {
    return us / 1000.0;
  }

  /** Summaries of ended runs' actions, by (run, action, reported, requests); least used go. */
  private final Map<List<Long>, ActionSummary> endedSummaries =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Long>, ActionSummary> eldest) {
              return size() > 4096;
            }
          });

  /**
   * {@link #action}, kept for a run that has ended: its histograms no longer change but for a late
   * batch, which raises its counters and so misses the cache. Merging an action's histograms of a
   * 10M-row run takes 50-100 ms; a report or a comparison needs every action's.
   */
  public ActionSummary actionOf(RunView run, int action) {
    if (run.active()) {
      return action(run.id(), action);
    }
    ActionStat stat = em.find(ActionStat.class, new ActionStat.Key(run.id(), action));
    if (stat == null) {
      return action(run.id(), action);
    }
    List<Long> key = List.of(run.id(), (long) action, stat.getReported(), stat.getRequests());
    ActionSummary s = endedSummaries.get(key);
    if (s == null) {
      s = action(run.id(), action);
      endedSummaries.put(key, s);
    }
    return s;
  }

  /** Runs {@code a} and {@code b} side by side, action by action (by position). */
  public RunComparison compare(RunView a, RunView b) {
    List<RunComparison.Pair> pairs = new java.util.ArrayList<>();
    for (int k = 1; k <= Math.max(a.actions(), b.actions()); k++) {
      ActionSummary sa = k <= a.actions() ? actionOf(a, k) : null;
      ActionSummary sb = k <= b.actions() ? actionOf(b, k) : null;
      pairs.add(
          new RunComparison.Pair(
              k,
              name(a, k),
              name(b, k),
              sa,
              sb,
              ratio(sa == null ? null : sa.p50Ms(), sb == null ? null : sb.p50Ms()),
              ratio(sa == null ? null : sa.p99Ms(), sb == null ? null : sb.p99Ms()),
              ratio(sa == null ? null : sa.meanMs(), sb == null ? null : sb.meanMs()),
              ratio(errorShare(sa), errorShare(sb))));
    }
    return new RunComparison(a, b, pairs);
  }

  private static String name(RunView run, int action) {
    return run.actionProgress().stream()
        .filter(v -> v.action() == action)
        .map(RunView.ActionView::name)
        .findFirst()
        .orElse(null);
  }

  private static Double errorShare(ActionSummary s) {
    return s == null || s.count() == 0 ? null : (double) s.errors() / s.count();
  }

  /** b / a rounded to 3 decimals, or null when either is missing or a is zero. */
  private static Double ratio(Double a, Double b) {
    if (a == null || b == null || a == 0) {
      return null;
    }
    return Math.round(b / a * 1000) / 1000.0;
  }

  /** How many runs are in each state, every state listed (0 for none), in the states' order. */
  public Map<String, Long> runsByState() {
    Map<String, Long> byState = new java.util.LinkedHashMap<>();
    for (RunState state : RunState.values()) {
      byState.put(state.name(), 0L);
    }
    for (Object[] row :
        em.createQuery("SELECT r.state, COUNT(r) FROM Run r GROUP BY r.state", Object[].class)
            .getResultList()) {
      byState.put(String.valueOf(row[0]), ((Number) row[1]).longValue());
    }
    return byState;
  }

  /** The latest runs, newest first. */
  public List<RunView> latest(int max) {
    return em.createNamedQuery(Run.LATEST, Run.class).setMaxResults(max).getResultList().stream()
        .map(r -> run(r.getId()))
        .toList();
  }

  /** The latest runs named {@code name} up to run {@code upTo}, newest first. */
  public List<RunView> latestNamed(String name, long upTo, int max) {
    return em
        .createNamedQuery(Run.LATEST_NAMED, Run.class)
        .setParameter("name", name)
        .setParameter("upTo", upTo)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(r -> run(r.getId()))
        .toList();
  }

  /**
   * Counts (from the action counters) and latencies of one action: min, percentiles and max of its
   * successful results, from the merged per-batch HdrHistograms (3 significant digits), never from
   * a scan of the rows.
   */
  public ActionSummary action(long runId, int action) {
    ActionStat stat = em.find(ActionStat.class, new ActionStat.Key(runId, action));
    Histogram merged = new Histogram(3);
    Histogram corrected = new Histogram(3);
    Histogram dispatch = new Histogram(3);
    Histogram[] phases = new Histogram[LatencyHistogram.PHASES.size()];
    for (Object[] hdrs :
        em.createNamedQuery(BatchHistogram.OF_ACTION, Object[].class)
            .setParameter("run", runId)
            .setParameter("action", action)
            .getResultList()) {
      LatencyHistograms.addInto(merged, (String) hdrs[0]);
      LatencyHistograms.addInto(corrected, (String) hdrs[1]);
      if (hdrs[2] != null) {
        LatencyHistograms.addInto(dispatch, (String) hdrs[2]);
      }
      for (int p = 0; p < phases.length; p++) {
        if (hdrs[3 + p] != null) {
          phases[p] = phases[p] == null ? new Histogram(3) : phases[p];
          LatencyHistograms.addInto(phases[p], (String) hdrs[3 + p]);
        }
      }
    }
    boolean dispatched = dispatch.getTotalCount() > 0;
    boolean any = merged.getTotalCount() > 0;
    Map<String, Histogram> lagByNode = new java.util.TreeMap<>();
    for (Object[] row :
        em.createNamedQuery(BatchHistogram.LAG_OF_ACTION, Object[].class)
            .setParameter("run", runId)
            .setParameter("action", action)
            .getResultList()) {
      LatencyHistograms.addInto(
          lagByNode.computeIfAbsent((String) row[0], k -> new Histogram(3)), (String) row[1]);
    }
    String lagNode = null;
    Double lagP99 = null;
    for (Map.Entry<String, Histogram> e : lagByNode.entrySet()) {
      double p99 = e.getValue().getValueAtPercentile(99) / 1000.0;
      if (lagP99 == null || p99 > lagP99) {
        lagP99 = p99;
        lagNode = e.getKey();
      }
    }
    return new ActionSummary(
        runId,
        action,
        stat == null ? 0 : stat.getReported(),
        stat == null ? 0 : stat.getErrors(),
        stat == null ? 0 : stat.getRequests(),
        stat == null ? 0 : stat.getFailures(),
        stat == null ? 0 : stat.getHttpRequests(),
        any ? merged.getMinValue() / 1000.0 : null,
        any ? merged.getMean() / 1000.0 : null,
        any ? merged.getValueAtPercentile(50) / 1000.0 : null,
        any ? merged.getValueAtPercentile(95) / 1000.0 : null,
        any ? merged.getValueAtPercentile(99) / 1000.0 : null,
        any ? merged.getMaxValue() / 1000.0 : null,
        any ? corrected.getValueAtPercentile(50) / 1000.0 : null,
        any ? corrected.getValueAtPercentile(95) / 1000.0 : null,
        any ? corrected.getValueAtPercentile(99) / 1000.0 : null,
        any ? corrected.getMaxValue() / 1000.0 : null,
        dispatched ? dispatch.getValueAtPercentile(50) / 1000.0 : null,
        dispatched ? dispatch.getValueAtPercentile(99) / 1000.0 : null,
        dispatched ? dispatch.getMaxValue() / 1000.0 : null,
        phases(phases),
        lagP99,
        lagNode,
        lagP99 != null && lagP99 >= ActionSummary.SATURATED_LAG_MS);
  }

  private static List<ActionSummary.Phase> phases(Histogram[] phases) {
    List<ActionSummary.Phase> out = new java.util.ArrayList<>();
    for (int p = 0; p < phases.length; p++) {
      Histogram h = phases[p];
      if (h != null && h.getTotalCount() > 0) {
        out.add(
            new ActionSummary.Phase(
                LatencyHistogram.PHASES.get(p),
                h.getTotalCount(),
                h.getMean() / 1000.0,
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0));
      }
    }
    return out;
  }

  /**
   * Page {@code page} (from 0) of the run's rows, or with {@code after} (an {@code action:user}
   * cursor) the {@code size} rows after that key: an OFFSET reads and skips every row before the
   * page, a cursor reads the page only. The total comes from the action counters, which the
   * collector raises in the transaction that stores the rows, not from a COUNT, which reads them
   * all (figures in bench/README.md).
   */
  public ResultView results(long runId, int page, int size, long[] after) {
    long total =
        ((Number)
                em.createNamedQuery(ActionStat.REPORTED_OF_RUN)
                    .setParameter("run", runId)
                    .getSingleResult())
            .longValue();
    List<ResultRow> found;
    if (after == null) {
      found =
          em.createNamedQuery(ResultRow.PAGE, ResultRow.class)
              .setParameter("run", runId)
              .setFirstResult(page * size)
              .setMaxResults(size)
              .getResultList();
    } else {
      found =
          new java.util.ArrayList<>(
              em.createNamedQuery(ResultRow.PAGE_AFTER_USER, ResultRow.class)
                  .setParameter("run", runId)
                  .setParameter("action", (int) after[0])
                  .setParameter("user", after[1])
                  .setMaxResults(size)
                  .getResultList());
      if (found.size() < size) {
        found.addAll(
            em.createNamedQuery(ResultRow.PAGE_AFTER_ACTION, ResultRow.class)
                .setParameter("run", runId)
                .setParameter("action", (int) after[0])
                .setMaxResults(size - found.size())
                .getResultList());
      }
    }
    List<ResultView.Row> rows =
        found.stream()
            .map(
                r ->
                    new ResultView.Row(
                        r.getUserId(),
                        r.getAction(),
                        r.getNodeId(),
                        r.getIntendedUs(),
                        r.getStartUs(),
                        r.getLatencyUs(),
                        r.getStatus(),
                        r.getError()))
            .toList();
    ResultView.Row last = rows.size() < size ? null : rows.get(rows.size() - 1);
    String next = last == null ? null : last.action() + ":" + last.user();
    return new ResultView(runId, after == null ? page : 0, size, total, rows, next);
  }
}
