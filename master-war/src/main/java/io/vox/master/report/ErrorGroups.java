package io.vox.master.report;

import java.util.List;

/**
 * A run's failed results counted per action and {@code by} ("reason": the error text, or "node":
 * the node id), largest groups first.
 */
public record ErrorGroups(long runId, String by, List<Group> groups) {
  /** {@code count} failed results of {@code action} sharing {@code key}. */
  public record Group(int action, String key, long count) {}
}
