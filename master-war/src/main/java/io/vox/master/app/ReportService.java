package io.vox.master.app;

import io.vox.master.app.port.ReportQueries;
import io.vox.master.app.port.RunReports;
import io.vox.master.report.ActionSummary;
import io.vox.master.report.ErrorGroups;
import io.vox.master.report.HtmlReport;
import io.vox.master.report.LatencyOverTime;
import io.vox.master.report.NodeSkew;
import io.vox.master.report.RequestStats;
import io.vox.master.report.ResultList;
import io.vox.master.report.ResultView;
import io.vox.master.report.RunComparison;
import io.vox.master.report.RunView;
import io.vox.master.report.StepNames;
import io.vox.master.report.Timeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the API, the pages and the HTML report show of runs, mostly answered from counters,
 * histograms and index ranges (an export reads every row). No transaction: reads see what is
 * committed, and an export streams for as long as the response takes.
 */
@ApplicationScoped
public class ReportService {
  @Inject RunReports reports;
  @Inject ReportQueries queries;

  /** The run, or null when there is none. */
  public RunView run(long id) {
    return reports.run(id);
  }

  /** The latest {@code max} runs, newest first. */
  public List<RunView> latest(int max) {
    return reports.latest(max);
  }

  public List<RunView> latestNamed(String name, long upTo, int max) {
    return reports.latestNamed(name, upTo, max);
  }

  public ActionSummary action(long id, int action) {
    return reports.action(id, action);
  }

  /** {@link #action} of a run already read (kept once it has ended). */
  public ActionSummary actionOf(RunView run, int action) {
    return reports.actionOf(run, action);
  }

  /** Every action of {@code run}, in order. */
  public List<ActionSummary> actions(RunView run) {
    List<ActionSummary> actions = new ArrayList<>();
    for (int k = 1; k <= run.actions(); k++) {
      actions.add(reports.actionOf(run, k));
    }
    return actions;
  }

  public RunComparison compare(RunView a, RunView b) {
    return reports.compare(a, b);
  }

  public Map<String, Long> runsByState() {
    return reports.runsByState();
  }

  /** A page of the run's rows: page {@code page}, or the page after key {@code after}. */
  public ResultView results(long id, int page, int size, long[] after) {
    return reports.results(id, page, size, after);
  }

  public ErrorGroups errorGroups(long id, int action, boolean byNode, int limit) {
    return queries.errorGroups(id, action, byNode, limit);
  }

  public ResultList errorsByUser(long id, int action, int page, int size) {
    return queries.errorsByUser(id, action, page, size);
  }

  public ResultList slowest(long id, int action, int limit) {
    return queries.slowest(id, action, limit);
  }

  /** One user's result of each of the run's {@code actions}. */
  public ResultList user(long id, long user, int actions) {
    return queries.user(id, user, actions);
  }

  public Timeline timeline(long id, int action) {
    return queries.timeline(id, action);
  }

  public LatencyOverTime latencyOverTime(long id) {
    return queries.latencyOverTime(id);
  }

  public NodeSkew skew(long id) {
    return queries.skewByNode(id);
  }

  /**
   * The figures of each request step of {@code run}, named after its plan. They merge every
   * batch's, so a running run's are read again at most every {@value #REQUESTS_FRESH_MS} ms
   * (however many pages poll), an ended run's once.
   */
  public RequestStats requests(RunView run) {
    long now = System.currentTimeMillis();
    Fresh kept = requests.get(run.id());
    if (kept != null && (kept.ended() || (run.active() && now - kept.atMs() < REQUESTS_FRESH_MS))) {
      return kept.stats();
    }
    RequestStats stats =
        RequestStats.of(run.id(), queries.requestFigures(run.id()), names(run.id()));
    requests.put(run.id(), new Fresh(stats, now, !run.active()));
    return stats;
  }

  static final long REQUESTS_FRESH_MS = 5_000;

  private record Fresh(RequestStats stats, long atMs, boolean ended) {}

  private final Map<Long, Fresh> requests = lru();

  private static <V> Map<Long, V> lru() {
    return java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
            return size() > 100;
          }
        });
  }

  /** Step names by run: a plan is read once (its feeders may be large), for the latest runs. */
  private final Map<Long, RequestStats.Names> names = lru();

  /** The names of run {@code id}'s actions, groups and request steps. */
  public RequestStats.Names stepNames(long id) {
    return names(id);
  }

  private RequestStats.Names names(long id) {
    RequestStats.Names known = names.get(id);
    if (known != null) {
      return known;
    }
    RequestStats.Names read;
    try {
      String json = reports.planJson(id);
      read = json == null ? StepNames.unknown() : StepNames.of(PLANS.readKept(json).scenario());
    } catch (io.vox.master.plan.InvalidPlanException e) {
      read = StepNames.unknown(); // a plan stored by an older master that reads no more
    }
    names.put(id, read);
    return read;
  }

  private static final io.vox.master.plan.PlanReader PLANS = new io.vox.master.plan.PlanReader();

  /** The data of {@code run}'s HTML report: actions, timeline, latency, skew, top errors. */
  public HtmlReport.Data reportData(RunView run) {
    long id = run.id();
    return new HtmlReport.Data(
        run,
        actions(run),
        queries.timeline(id, 0),
        queries.latencyOverTime(id),
        queries.skewByNode(id),
        queries.errorGroups(id, 0, false, 20),
        requests(run));
  }

  /** Streams every row of the run to {@code out}, in (action, user) order. */
  @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.NOT_SUPPORTED)
  public void export(long id, ExportFormat format, OutputStream out) throws IOException {
    queries.export(id, format, out);
  }

  /** Null when the database answers within 2 s, else what went wrong. */
  public String databaseProblem() {
    return queries.databaseProblem();
  }
}
