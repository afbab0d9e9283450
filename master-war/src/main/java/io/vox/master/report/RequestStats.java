package io.vox.master.report;

import java.util.List;

/**
 * A run's figures per request step: for each action (each repeat on its own), group and request
 * step, how many ended, how many failed, and the latencies in ms of those that passed (null while
 * none did), from the merged HdrHistograms; the corrected ones add each wait before the request was
 * written. {@code name} is the step's, or its method and URL as written ({@code GET
 * /api/items/${id}}); {@code group} is null in a run without groups. {@code bytes}: the response
 * bodies' bytes received in all; {@code dnsMs}, {@code connectMs}, {@code tlsMs}: the mean time of
 * each phase per request (redirect hops summed; 0 on a reused connection); {@code waitMs} (to the
 * first byte) and {@code downloadMs}: their mean over the {@code answered} requests, those that got
 * a response. Each is null while nothing was stored with them (rows of an older master, or no
 * answer yet).
 */
public record RequestStats(long runId, List<Entry> requests) {
  /** One request step's figures in one action, for one group. */
  public record Entry(
      int action,
      String actionName,
      String group,
      int step,
      String name,
      long count,
      long errors,
      Double errorPercent,
      Double meanMs,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms,
      Double maxMs,
      Double correctedP99Ms,
      Long bytes,
      Double dnsMs,
      Double connectMs,
      Double tlsMs,
      Double waitMs,
      Double downloadMs,
      Long answered) {}

  /** What the figures of {@code action}'s steps are named by: its name, groups and steps. */
  public interface Names {
    String action(int action);

    /** The group's name, null without groups. */
    String group(int group);

    /** The step's name, or null when the plan has no such request step. */
    String step(int action, int group, int step);
  }

  /** The figures as the database merged them: one per action, group and step. */
  public record Figures(
      int action,
      int group,
      int step,
      long count,
      long errors,
      org.HdrHistogram.Histogram latency,
      org.HdrHistogram.Histogram corrected,
      long[] sums) {
    /** Figures without bytes or phases. */
    public Figures(
        int action,
        int group,
        int step,
        long count,
        long errors,
        org.HdrHistogram.Histogram latency,
        org.HdrHistogram.Histogram corrected) {
      this(action, group, step, count, errors, latency, corrected, new long[7]);
    }
  }

  /** The entries of {@code figures} (in action, group and step order), named. */
  public static RequestStats of(long runId, List<Figures> figures, Names names) {
    List<Entry> out = new java.util.ArrayList<>();
    for (Figures f : figures) {
      boolean any = f.latency() != null && f.latency().getTotalCount() > 0;
      String name = names.step(f.action(), f.group(), f.step());
      out.add(
          new Entry(
              f.action(),
              names.action(f.action()),
              names.group(f.group()),
              f.step(),
              name == null ? "step " + (f.step() + 1) : name,
              f.count(),
              f.errors(),
              f.count() == 0 ? null : Math.round(1000.0 * f.errors() / f.count()) / 10.0,
              any ? ms(f.latency().getMean()) : null,
              any ? ms(f.latency().getValueAtPercentile(50)) : null,
              any ? ms(f.latency().getValueAtPercentile(95)) : null,
              any ? ms(f.latency().getValueAtPercentile(99)) : null,
              any ? ms(f.latency().getMaxValue()) : null,
              any && f.corrected().getTotalCount() > 0
                  ? ms(f.corrected().getValueAtPercentile(99))
                  : null,
              stored(f) ? f.sums()[0] : null,
              mean(f, 1, f.count()),
              mean(f, 2, f.count()),
              mean(f, 3, f.count()),
              mean(f, 4, f.sums()[6]),
              mean(f, 5, f.sums()[6]),
              stored(f) ? f.sums()[6] : null));
    }
    return new RequestStats(runId, out);
  }

  /** Whether the step's bytes and phases were stored: some request of it got a response. */
  private static boolean stored(Figures f) {
    return f.sums()[6] > 0;
  }

  /** The mean of sum {@code i} over {@code n} requests, in ms; null when nothing was stored. */
  private static Double mean(Figures f, int i, long n) {
    return n == 0 || !stored(f) ? null : ms((double) f.sums()[i] / n);
  }

  private static double ms(double us) {
    return Math.round(us) / 1000.0;
  }
}
