package io.vox.master.run;

import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Program;
import io.vox.messaging.scenario.Scenario;

/**
 * When the master stops waiting for the users of an action that have not reported: a node that
 * keeps beating but whose results never arrive (a dead-lettered batch, a user whose scheduling was
 * rejected) must not leave the run RUNNING. Those users are then stored as failed with the reason.
 *
 * <p>An action with its own {@code maxDurationMs} fails its busy users on the node at that time, so
 * the master waits that long plus {@code graceMs} for their reports. Otherwise the action may take
 * as long as its users need (they may queue for connections), so the deadline moves with progress:
 * the master waits until {@code quietMs} pass without a new result, counted from the later of the
 * last stored result and the time the action was bound to take anyway (its loop, the spread of its
 * arrivals). {@code quietMs} is twice the longest path of one user through the steps (every request
 * or WebSocket wait timing out, every think at its longest) plus {@code graceMs}.
 */
public final class ActionDeadline {
  /** Default time given to the reports of users that finished to reach the master. */
  public static final long GRACE_MS = 30_000;

  private ActionDeadline() {}

  /**
   * When the master gives up on the missing users of {@code action}, dispatched at {@code
   * dispatchedAtMs}, whose last result was stored at {@code lastReportAtMs} (0: none yet).
   */
  public static long dueAtMs(
      Action action,
      int users,
      int requestTimeoutMs,
      long graceMs,
      long dispatchedAtMs,
      long lastReportAtMs) {
    if (action.maxDurationMs() > 0) {
      return dispatchedAtMs + action.maxDurationMs() + graceMs;
    }
    long busyUntil = dispatchedAtMs + action.loopMs() + arrivalSpreadMs(action, users);
    return Math.max(busyUntil, lastReportAtMs) + quietMs(action, requestTimeoutMs, graceMs);
  }

  /**
   * Action {@code index} of {@code scenario} as its slowest group does it (the longest path); the
   * action itself in a scenario without groups.
   */
  public static Action slowest(Scenario scenario, int index, int requestTimeoutMs) {
    Action slowest = scenario.actions().get(index);
    for (Scenario view : scenario.views()) {
      Action own = view.actions().get(index);
      if (quietMs(own, requestTimeoutMs, 0) > quietMs(slowest, requestTimeoutMs, 0)) {
        slowest = own;
      }
    }
    return slowest;
  }

  /** How long without a new result the master waits for an action without maxDurationMs. */
  public static long quietMs(Action action, int requestTimeoutMs, long graceMs) {
    return 2 * Program.longestMs(action.steps(), requestTimeoutMs) + graceMs;
  }

  /** How long the last arrival of an open-model action comes after the command (0: all at once). */
  static long arrivalSpreadMs(Action action, int users) {
    if (action.arrivalRate() <= 0) {
      return 0;
    }
    if (!action.arrivalStages().isEmpty()) {
      return users == 0 ? 0 : (action.arrivalOffsetUs(users - 1, users) + 999) / 1000;
    }
    double slowest = // as if every user came at the slower end of the ramp: a margin
        action.arrivalRateTo() > 0
            ? Math.min(action.arrivalRate(), action.arrivalRateTo())
            : action.arrivalRate();
    return (long) Math.ceil(users / slowest * 1000);
  }
}
