package io.vox.master.web;

import io.vox.master.app.ReportService;
import io.vox.master.report.RunView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backs {@code results.xhtml?id=N}: a run's results as its reports give them: each action's
 * summary, errors by reason, the slowest users of an action, and one user's timeline.
 */
@Named
@ViewScoped
public class ResultsPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ReportService reports;

  private long id;
  private int action = 1;
  private Long user;
  private transient RunView run;

  private RunView run() {
    if (run == null) {
      run = reports.run(id);
    }
    return run;
  }

  public boolean isFound() {
    return run() != null;
  }

  public Map<String, Object> getRun() {
    return run() == null ? Map.of() : Rows.of(run);
  }

  /** Each action's figures with its name. */
  public List<Map<String, Object>> getSummaries() {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (run() == null) {
      return rows;
    }
    for (RunView.ActionView a : run.actionProgress()) {
      Map<String, Object> m = Rows.of(reports.actionOf(run, a.action()));
      m.put("name", a.name());
      rows.add(m);
    }
    return rows;
  }

  public List<Map<String, Object>> getErrors() {
    return run() == null ? List.of() : Rows.of(reports.errorGroups(id, 0, false, 50).groups());
  }

  public List<Map<String, Object>> getSlowest() {
    if (run() == null || action < 1 || action > run.actions()) {
      return List.of();
    }
    return Rows.of(reports.slowest(id, action, 20).rows());
  }

  /** The chosen user's result of every action; empty until a user in the run is chosen. */
  public List<Map<String, Object>> getTimeline() {
    if (run() == null || user == null || user < 0 || user >= run.users()) {
      return List.of();
    }
    return Rows.of(reports.user(id, user, run.actions()).rows());
  }

  /** The action numbers, for the slowest users' choice. */
  public List<Integer> getActionNumbers() {
    List<Integer> ks = new ArrayList<>();
    for (int k = 1; run() != null && k <= run.actions(); k++) {
      ks.add(k);
    }
    return ks;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public int getAction() {
    return action;
  }

  public void setAction(int action) {
    this.action = action;
  }

  public Long getUser() {
    return user;
  }

  public void setUser(Long user) {
    this.user = user;
  }
}
