package io.vox.master.report;

import java.util.List;

/**
 * A run's figures per request step: for each action (each repeat on its own), group and request
 * step, how many ended, how many failed, and the latencies in ms of those that passed (null while
 * none did), from the merged HdrHistograms; the corrected ones add each wait before the request was
 * written. {@code name} is the step's, or its method and URL as written ({@code GET
 * /api/items/${id}}); {@code group} is null in a run without groups. {@code bytes}: the response
 * bodies' bytes received in all; {@code dnsMs} ... {@code downloadMs}: the mean time of each phase
 * per request (redirect hops summed; 0 for a phase a request did not go through), null before any
 * request was stored with them.
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
      long bytes,
      Double dnsMs,
      Double connectMs,
      Double tlsMs,
      Double waitMs,
      Double downloadMs) {}

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
      this(action, group, step, count, errors, latency, corrected, new long[6]);
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
              f.sums()[0],
              mean(f, 1),
              mean(f, 2),
              mean(f, 3),
              mean(f, 4),
              mean(f, 5)));
    }
    return new RequestStats(runId, out);
  }

  /** The mean of phase {@code i} per request, in ms; null before anything was summed. */
  private static Double mean(Figures f, int i) {
    long[] s = f.sums();
    boolean any = s[1] + s[2] + s[3] + s[4] + s[5] > 0;
    return f.count() == 0 || !any ? null : ms((double) s[i] / f.count());
  }

  private static double ms(double us) {
    return Math.round(us) / 1000.0;
  }
}
