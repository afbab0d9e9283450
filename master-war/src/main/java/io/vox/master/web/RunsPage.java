package io.vox.master.web;

import io.vox.master.jpa.JpaReports;
import io.vox.master.report.RunView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Backs {@code index.xhtml}: the latest runs. Faces reads getters, so rows are classes. */
@Named
@RequestScoped
public class RunsPage {
  @Inject JpaReports reports;

  /** One run as a table row. */
  public static class Row {
    private final RunView run;

    Row(RunView run) {
      this.run = run;
    }

    public long getId() {
      return run.id();
    }

    public String getName() {
      return run.name();
    }

    public String getState() {
      return run.state();
    }

    public int getUsers() {
      return run.users();
    }

    public String getProgress() {
      return run.currentAction() + " / " + run.actions();
    }

    public String getConnected() {
      return run.connected() + " ok, " + run.connectFailed() + " failed";
    }

    /** yes, no, or empty without thresholds or before the run completed. */
    public String getPassed() {
      return run.passed() == null ? "" : run.passed() ? "yes" : "no";
    }

    public String getError() {
      return run.error() == null ? "" : run.error();
    }
  }

  public List<Row> getRuns() {
    return reports.latest(50).stream().map(Row::new).toList();
  }
}
