package io.vox.master.app.port;

import io.vox.master.report.ErrorGroups;
import io.vox.master.report.LatencyOverTime;
import io.vox.master.report.NodeSkew;
import io.vox.master.report.ResultList;
import io.vox.master.report.Timeline;
import java.io.IOException;
import java.io.OutputStream;

/** The queries over a run's result rows and batches behind the reports, and its deletion. */
public interface ReportQueries {
  /** Failed results counted per action and reason ({@code byNode} false) or node. */
  ErrorGroups errorGroups(long runId, int action, boolean byNode, int limit);

  /** The failed results themselves, by action and user, a page at a time. */
  ResultList errorsByUser(long runId, int action, int page, int size);

  /** The {@code limit} successful results of an action with the highest latency. */
  ResultList slowest(long runId, int action, int limit);

  /** One user's result of each of the run's {@code actions}, in order. */
  ResultList user(long runId, long user, int actions);

  /** Results per second of their start ({@code action} 0: all actions). */
  Timeline timeline(long runId, int action);

  /** Latency percentiles per second, from the batches' histograms. */
  LatencyOverTime latencyOverTime(long runId);

  /** The figures of each request step (action, group, step), the batches' merged. */
  java.util.List<io.vox.master.report.RequestStats.Figures> requestFigures(long runId);

  /** Dispatch skew per node and action. */
  NodeSkew skewByNode(long runId);

  /** Writes every row of the run to {@code out}, in (action, user) order. */
  void export(long runId, io.vox.master.app.ExportFormat format, OutputStream out)
      throws IOException;

  /** Deletes the run and all its rows; returns the rows deleted. */
  long delete(long runId);

  /** Null when the database answers within 2 s, else what went wrong. */
  String databaseProblem();
}
