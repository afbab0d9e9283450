package io.vox.master.app.port;

import io.vox.master.report.ActionSummary;
import io.vox.master.report.ResultView;
import io.vox.master.report.RunComparison;
import io.vox.master.report.RunView;
import java.util.List;
import java.util.Map;

/** Runs as the API and pages show them: a run, its actions' figures, its rows a page at a time. */
public interface RunReports {
  /** The run, or null when there is none with that id. */
  RunView run(long runId);

  /** The latest runs, newest first. */
  List<RunView> latest(int max);

  /** The latest runs named {@code name} up to run {@code upTo}, newest first. */
  List<RunView> latestNamed(String name, long upTo, int max);

  /** Counts and latencies of one action (from the merged histograms, never a scan of the rows). */
  ActionSummary action(long runId, int action);

  /** {@link #action} of a run already read, kept once the run has ended. */
  ActionSummary actionOf(RunView run, int action);

  /** The plan the run was started with (its JSON as stored), or null when there is no run. */
  String planJson(long runId);

  /** Runs {@code a} and {@code b} side by side, action by action. */
  RunComparison compare(RunView a, RunView b);

  /** How many runs are in each state, every state listed (0 for none). */
  Map<String, Long> runsByState();

  /**
   * Page {@code page} (from 0) of the run's rows, or with {@code after} (action, user) the {@code
   * size} rows after that key.
   */
  ResultView results(long runId, int page, int size, long[] after);
}
