package io.vox.master.web;

import io.vox.master.app.ReportService;
import io.vox.master.app.RunService;
import io.vox.master.report.HtmlReport;
import io.vox.master.report.RunView;
import io.vox.master.report.Timeline;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Backs {@code run.xhtml?id=N}: one run as it happens, read again on every poll (each second):
 * state, users connected per node, each action's progress and latencies, requests per second,
 * charts over time; and the operator's buttons (next action, stop, abort).
 */
@Named
@ViewScoped
public class RunPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ReportService reports;
  @Inject RunService runs;

  private long id;
  private transient RunView run;
  private transient List<Map<String, Object>> actions;
  private transient List<Map<String, Object>> phases;
  private transient List<Map<String, Object>> requests;
  private transient List<Map<String, Object>> skew;
  private transient String charts;
  private transient Map<Integer, Map<String, Object>> done;
  private transient long resultsPerSecond;

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  /** Reads the run again (each poll, and after a button). */
  public void refresh() {
    run = reports.run(id);
    if (run == null) {
      return;
    }
    actions = new ArrayList<>();
    phases = new ArrayList<>();
    for (RunView.ActionView a : run.actionProgress()) {
      Map<String, Object> m = Rows.of(a);
      long users = a.users() > 0 ? a.users() : run.users(); // 0: a run stored before groups
      m.put("users", users);
      m.put("percent", users == 0 ? 100 : (int) (100 * a.reported() / users));
      Map<String, Object> summary = summary(a);
      m.put("summary", summary);
      actions.add(m);
      if (summary.get("phases") instanceof List<?> list) {
        for (Object phase : list) {
          Map<String, Object> row = Rows.of((Record) phase);
          row.put("action", a.action());
          row.put("actionName", a.name());
          phases.add(row);
        }
      }
    }
    requests = Rows.of(reports.requests(run).requests());
    skew = Rows.of(reports.skew(id).nodes());
    Timeline timeline = reports.timeline(id, 0);
    resultsPerSecond = resultsPerSecond(timeline.seconds(), isActive());
    charts = HtmlReport.overTime(timeline, reports.latencyOverTime(id));
  }

  /**
   * An action's figures: read again while it runs, once when it is complete (every user has
   * reported), then kept for the page's view, so a run of many actions does not merge every
   * action's histograms on each poll.
   */
  private Map<String, Object> summary(RunView.ActionView a) {
    if (a.dispatchedAtMs() == 0) {
      return Map.of();
    }
    if (done == null) {
      done = new HashMap<>();
    }
    Map<String, Object> kept = done.get(a.action());
    if (kept != null) {
      return kept;
    }
    Map<String, Object> s = Rows.of(reports.actionOf(run, a.action()));
    if (a.completedAtMs() > 0) {
      done.put(a.action(), s);
    }
    return s;
  }

  private RunView run() {
    if (run == null) {
      refresh();
    }
    return run;
  }

  public boolean isFound() {
    return run() != null;
  }

  public Map<String, Object> getRun() {
    return run() == null ? Map.of() : Rows.of(run);
  }

  public boolean isActive() {
    return run() != null && run.active();
  }

  public List<Map<String, Object>> getNodes() {
    return run() == null ? List.of() : Rows.of(run.nodes());
  }

  public List<Map<String, Object>> getThresholds() {
    return run() == null || run.thresholds() == null ? List.of() : Rows.of(run.thresholds());
  }

  public List<Map<String, Object>> getActions() {
    return run() == null ? List.of() : actions;
  }

  /** Where each action's HTTP requests spent their time: one row per action and phase. */
  public List<Map<String, Object>> getPhases() {
    return run() == null ? List.of() : phases;
  }

  /** Each request step's figures: one row per action, group and step. */
  /** Per node and action: the dispatch skew, the command's delivery and the clock's error. */
  public List<Map<String, Object>> getSkew() {
    return run() == null ? List.of() : skew;
  }

  public List<Map<String, Object>> getRequests() {
    return run() == null ? List.of() : requests;
  }

  /** Whether the run has groups (its request rows then name theirs). */
  public boolean isGrouped() {
    return getRequests().stream().anyMatch(r -> r.get("group") != null);
  }

  public long getResultsPerSecond() {
    run();
    return resultsPerSecond;
  }

  /**
   * While the run is active, the results of the second before the last (the last is still being
   * filled); once it ended, the mean over the seconds from its first result to its last.
   */
  static long resultsPerSecond(List<Timeline.Second> seconds, boolean active) {
    if (seconds.isEmpty()) {
      return 0;
    }
    if (active) {
      return seconds.size() < 2 ? 0 : seconds.get(seconds.size() - 2).count();
    }
    long span = seconds.get(seconds.size() - 1).second() - seconds.get(0).second() + 1;
    return seconds.stream().mapToLong(Timeline.Second::count).sum() / span;
  }

  /** The charts over time, as HTML with inline SVG. */
  public String getCharts() {
    return run() == null ? "" : charts;
  }

  public void next() {
    if (!Access.mayChange()) {
      return;
    }
    say(runs.next(id), "Next action requested.", "The run is not running or has no action left.");
  }

  public void stop() {
    if (!Access.mayChange()) {
      return;
    }
    say(
        runs.stop(id, false),
        "Stopping: the action under way completes, then the run ends.",
        "The run has already ended.");
  }

  public void abort() {
    if (!Access.mayChange()) {
      return;
    }
    say(runs.stop(id, true), "Aborting the run now.", "The run has already ended.");
  }

  private void say(boolean done, String ok, String refused) {
    FacesContext.getCurrentInstance()
        .addMessage(
            null,
            new FacesMessage(
                done ? FacesMessage.SEVERITY_INFO : FacesMessage.SEVERITY_WARN,
                done ? ok : refused,
                null));
  }
}
