package io.vox.master.jms;

import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RequestHistogram;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The latencies of the runs under way as Prometheus histograms, from the batches the collector
 * stores: per action (and its corrected latency) and per request step, each in fixed buckets chosen
 * for latency. A run's figures go once no batch of it came for {@link #FORGET_MS}: gauges of ended
 * runs would otherwise pile up, and Prometheus keeps what it scraped.
 */
@ApplicationScoped
public class LiveLatency {
  /** Bucket upper bounds, µs: 1 ms to 1 min. */
  private static final long[] BOUNDS = {
    1_000,
    2_500,
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    30_000_000,
    60_000_000
  };

  /** The bucket upper bounds, µs. */
  public static final List<Long> BOUNDS_US = Arrays.stream(BOUNDS).boxed().toList();

  /** How long a run's figures stay after its last batch. */
  static final long FORGET_MS = 30 * 60_000L;

  /** What a series is of: an action ({@code step} -1) or a request step of an action and group. */
  public record Key(int action, int group, int step, boolean corrected) {}

  /**
   * One histogram: counts per bucket (the last past every bound), their sum in µs; for a request
   * step also the requests made and those that failed.
   */
  public static final class Series {
    private final long[] counts = new long[BOUNDS.length + 1];
    private double sumUs;
    private long requests;
    private long failed;

    synchronized void count(long requests, long failed) {
      this.requests += requests;
      this.failed += failed;
    }

    public synchronized long requests() {
      return requests;
    }

    public synchronized long failed() {
      return failed;
    }

    synchronized void add(Histogram h) {
      for (HistogramIterationValue v : h.recordedValues()) {
        // the bucket by the top of the sample's range (within the histogram's 0.1 %), the sum by
        // its middle, as the histogram's own mean
        long top = v.getValueIteratedTo();
        int i = Arrays.binarySearch(BOUNDS, top);
        counts[i >= 0 ? i : -i - 1] += v.getCountAtValueIteratedTo();
        sumUs += (double) h.medianEquivalentValue(top) * v.getCountAtValueIteratedTo();
      }
    }

    /** Cumulative counts per bound, then the total, and the sum in seconds. */
    public synchronized long[] cumulative() {
      long[] c = new long[counts.length];
      long n = 0;
      for (int i = 0; i < counts.length; i++) {
        n += counts[i];
        c[i] = n;
      }
      return c;
    }

    public synchronized double sumSeconds() {
      return sumUs / 1e6;
    }
  }

  private record RunSeries(
      Map<Key, Series> series, java.util.concurrent.atomic.AtomicLong lastBatchMs) {}

  private final Map<Long, RunSeries> runs = new ConcurrentHashMap<>();

  /** Adds a stored batch's histograms. */
  public void add(ReportBatch batch, long nowMs) {
    // noted as fresh inside compute: a forget running beside this one cannot drop the run
    RunSeries run =
        runs.compute(
            batch.runId(),
            (id, known) -> {
              RunSeries r =
                  known != null
                      ? known
                      : new RunSeries(
                          new ConcurrentHashMap<>(), new java.util.concurrent.atomic.AtomicLong());
              r.lastBatchMs().accumulateAndGet(nowMs, Math::max);
              return r;
            });
    for (LatencyHistogram h : batch.histograms()) {
      add(run, new Key(h.action(), -1, -1, false), h.hdr());
      add(run, new Key(h.action(), -1, -1, true), h.correctedHdr());
    }
    for (RequestHistogram r : batch.requests()) {
      Key key = new Key(r.action(), r.group(), r.step(), false);
      add(run, key, r.hdr());
      run.series().computeIfAbsent(key, k -> new Series()).count(r.count(), r.errors());
    }
    forget(nowMs);
  }

  private static void add(RunSeries run, Key key, String hdr) {
    if (hdr == null) {
      return;
    }
    Histogram h = LatencyHistograms.decode(hdr);
    if (h.getTotalCount() > 0) {
      run.series().computeIfAbsent(key, k -> new Series()).add(h);
    }
  }

  private void forget(long nowMs) {
    for (Long id : List.copyOf(runs.keySet())) {
      runs.computeIfPresent(id, (k, r) -> nowMs - r.lastBatchMs().get() > FORGET_MS ? null : r);
    }
  }

  /** The runs with figures, oldest first. */
  public List<Long> runs(long nowMs) {
    forget(nowMs);
    List<Long> ids = new ArrayList<>(runs.keySet());
    ids.sort(null);
    return ids;
  }

  /** Run {@code runId}'s series, or none. */
  public Map<Key, Series> series(long runId) {
    RunSeries run = runs.get(runId);
    return run == null ? Map.of() : run.series();
  }
}
