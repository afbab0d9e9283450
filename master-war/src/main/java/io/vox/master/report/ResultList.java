package io.vox.master.report;

import java.util.List;

/**
 * Result rows of a run picked by a report: the users who failed (by user), the slowest users of an
 * action, or one user's timeline across the run's actions.
 */
public record ResultList(long runId, String what, List<ResultView.Row> rows) {}
