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
 * share, by its users). {@code arrivalStages}, with an arrival rate, shape it over time instead
 * (see {@link #arrivalOffsetUs}). {@code userStages} make a loop action's count of active users
 * follow stages (closed model, see {@link #activeWindowsMs}); the loop then lasts their sum.
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
    double maxRps,
    List<Stage> arrivalStages,
    List<UserStage> userStages) {
  public static final String AUTO = "auto";
  public static final String MANUAL = "manual";

  /** A stage of an open model: the arrival rate goes linearly to {@code rate} over its time. */
  public record Stage(int durationMs, double rate) {}

  /** A stage of a closed model: the active users go linearly to {@code users} over its time. */
  public record UserStage(int durationMs, long users) {}

  public Action {
    steps = steps == null ? List.of() : List.copyOf(steps);
    repeat = Math.max(1, repeat);
    start = start == null ? AUTO : start;
    arrivalStages = arrivalStages == null ? List.of() : List.copyOf(arrivalStages);
    userStages = userStages == null ? List.of() : List.copyOf(userStages);
  }

  /**
   * When the user of rank {@code rank} (from 0, among the action's users) is active in a loop with
   * {@code userStages}: from 0, the count of active users goes linearly to each stage's {@code
   * users} over its time, and the user of rank r is active while that count is at least r + 1 (the
   * first to join is the last to leave). As pairs [start, end) in ms after the loop's start, in
   * order; empty when the user never joins.
   */
  public long[] activeWindowsMs(long rank) {
    double k = rank + 1;
    List<Long> w = new java.util.ArrayList<>();
    double t = 0;
    double v = 0;
    for (UserStage s : userStages) {
      double d = s.durationMs();
      double u = s.users();
      double from = -1;
      double to = -1;
      if (d > 0 && v >= k && u >= k) {
        from = t;
        to = t + d;
      } else if (d > 0 && v < k && u >= k) {
        from = t + d * (k - v) / (u - v);
        to = t + d;
      } else if (d > 0 && v >= k && u < k) {
        from = t;
        to = t + d * (v - k) / (v - u);
      }
      if (from >= 0 && Math.round(to) > Math.round(from)) {
        long a = Math.round(from);
        long b = Math.round(to);
        if (!w.isEmpty() && w.get(w.size() - 1) >= a) {
          w.set(w.size() - 1, b); // joins on where it left: one window
        } else {
          w.add(a);
          w.add(b);
        }
      }
      t += d;
      v = u;
    }
    return w.stream().mapToLong(Long::longValue).toArray();
  }

  /** How long a loop of {@code userStages} lasts, in ms: their sum. */
  public long stagesMs() {
    return userStages.stream().mapToLong(UserStage::durationMs).sum();
  }

  /**
   * When the {@code index}-th (from 0) of the action's {@code total} users arrives, in µs after the
   * command: at {@code arrivalRate} per second, ramping to {@code arrivalRateTo} while all arrive,
   * or following {@code arrivalStages} from {@code arrivalRate} on (each stage ramps linearly to
   * its rate; after the last, arrivals go on at its rate). 0 without an arrival rate.
   */
  public long arrivalOffsetUs(long index, long total) {
    if (arrivalRate <= 0) {
      return 0;
    }
    if (arrivalStages.isEmpty()) {
      if (arrivalRateTo <= 0 || arrivalRateTo == arrivalRate) {
        return Math.round(index / arrivalRate * 1e6);
      }
      return Math.round(
          1e6
              * ramp(
                  index, arrivalRate, arrivalRateTo, 2.0 * total / (arrivalRate + arrivalRateTo)));
    }
    double before = 0; // seconds of the stages passed
    double arrived = 0;
    double from = arrivalRate;
    for (Stage s : arrivalStages) {
      double secs = s.durationMs() / 1000.0;
      double in = (from + s.rate()) / 2 * secs;
      if (index < arrived + in) {
        return Math.round(1e6 * (before + ramp(index - arrived, from, s.rate(), secs)));
      }
      before += secs;
      arrived += in;
      from = s.rate();
    }
    return from <= 0 ? Long.MAX_VALUE : Math.round(1e6 * (before + (index - arrived) / from));
  }

  /**
   * When the {@code n}-th arrival comes, in s, as the rate goes linearly from {@code a} to {@code
   * b} over {@code secs} seconds: the root of a t + (b - a) t² / (2 secs) = n.
   */
  private static double ramp(double n, double a, double b, double secs) {
    double k = (b - a) / (2 * secs);
    if (Math.abs(k) < 1e-12) {
      return n / a;
    }
    return (-a + Math.sqrt(Math.max(0, a * a + 4 * k * n))) / (2 * k);
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
        maxRps,
        arrivalStages,
        userStages);
  }
}
