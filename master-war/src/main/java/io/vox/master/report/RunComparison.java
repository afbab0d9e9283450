package io.vox.master.report;

import java.util.List;

/**
 * Two runs side by side, action by action (by position): each action's figures in run {@code a} and
 * run {@code b} (null where that run has no such action), and the ratios b / a of the median, p99
 * and mean latencies and of the error share (null where a figure is missing or zero in a).
 */
public record RunComparison(RunView a, RunView b, List<Pair> actions) {
  public record Pair(
      int action,
      String nameA,
      String nameB,
      ActionSummary a,
      ActionSummary b,
      Double p50Ratio,
      Double p99Ratio,
      Double meanRatio,
      Double errorShareRatio) {}
}
