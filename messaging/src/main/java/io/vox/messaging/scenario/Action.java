package io.vox.messaging.scenario;

import java.util.List;

/**
 * A bulk action: every user runs {@code steps} once per execution, {@code repeat} executions in a
 * row. {@code start} is {@code auto} (right after the previous action, or {@code delayMs} after it,
 * and not before {@code atMs} after every user was connected) or {@code manual} (on an operator's
 * command). A user still busy {@code maxDurationMs} after the command fails its action. {@code
 * arrivalRate}, when above 0, starts the users at that many per second instead of all at once (open
 * model), ramping linearly to {@code arrivalRateTo} when that is above 0. {@code maxRps}, when
 * above 0, caps the requests the whole cluster sends for this action per second (each node its
 * share, by its users).
 */
public record Action(
    String name,
    int repeat,
    List<Step> steps,
    String start,
    int delayMs,
    int atMs,
    int maxDurationMs,
    double arrivalRate,
    double arrivalRateTo,
    int loopMs,
    int pacingMs,
    double maxRps) {
  public static final String AUTO = "auto";
  public static final String MANUAL = "manual";

  public Action {
    steps = steps == null ? List.of() : List.copyOf(steps);
    repeat = Math.max(1, repeat);
    start = start == null ? AUTO : start;
  }

  /** This action with {@code steps} instead of its own. */
  public Action withSteps(List<Step> steps) {
    return new Action(
        name,
        repeat,
        steps,
        start,
        delayMs,
        atMs,
        maxDurationMs,
        arrivalRate,
        arrivalRateTo,
        loopMs,
        pacingMs,
        maxRps);
  }
}
