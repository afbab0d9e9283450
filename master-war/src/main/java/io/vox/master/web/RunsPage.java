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
      List<io.vox.master.report.RunView> latest = reports.latest(100);
      runs = new java.util.ArrayList<>();
      for (int i = 0; i < latest.size(); i++) {
        Map<String, Object> row = new java.util.LinkedHashMap<>(Rows.of(latest.get(i)));
        row.put("previous", previous(latest, i));
        runs.add(row);
      }
    }
    return runs;
  }

  /**
   * The id of the run before {@code runs[i]} with the same name (the list is newest first), or 0.
   */
  static long previous(List<io.vox.master.report.RunView> runs, int i) {
    for (int j = i + 1; j < runs.size(); j++) {
      if (runs.get(j).name().equals(runs.get(i).name())) {
        return runs.get(j).id();
      }
    }
    return 0;
  }
}
