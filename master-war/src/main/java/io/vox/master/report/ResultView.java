package io.vox.master.report;

import java.util.List;

/**
 * A page of result rows of a run, ordered by action then user. {@code next} is the cursor of the
 * page after this one ({@code action:user} of its last row, for {@code ?after=}), null on the last.
 */
public record ResultView(long runId, int page, int size, long total, List<Row> rows, String next) {
  /** One user's result of one action (times in epoch µs, latency in µs). */
  public record Row(
      long user,
      int action,
      String nodeId,
      long intendedUs,
      long startUs,
      long latencyUs,
      int status,
      String error) {}
}
