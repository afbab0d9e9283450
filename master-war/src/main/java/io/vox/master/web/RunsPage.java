package io.vox.master.web;

import io.vox.master.app.ReportService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/** Backs {@code index.xhtml}: the latest runs with state, progress and verdict. */
@Named
@RequestScoped
public class RunsPage {
  @Inject ReportService reports;

  private List<Map<String, Object>> runs;

  public List<Map<String, Object>> getRuns() {
    if (runs == null) {
      runs = Rows.of(reports.latest(100));
    }
    return runs;
  }
}
