package io.vox.node.user;

import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.RequestHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one run's request steps on this node, per action, group and step, recorded by the
 * users without a lock and taken by the batcher each interval.
 */
final class RequestRecorders {
  /**
   * One step's recorders: latency and corrected latency of those that passed, and the failures; the
   * count is their sum, so an interval's figures always agree.
   */
  private static final class Step {
    final Recorder latency = new Recorder(3);
    final Recorder corrected = new Recorder(3);
    final LongAdder errors = new LongAdder();
    final LongAdder[] sums = new LongAdder[7]; // bytes, the phases' µs, then those answered

    Step() {
      for (int i = 0; i < sums.length; i++) {
        sums[i] = new LongAdder();
      }
    }

    long[] takeSums() {
      long[] out = new long[sums.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = sums[i].sumThenReset();
      }
      return out;
    }
  }

  private final Map<Long, Step> steps = new ConcurrentHashMap<>();

  private static long key(int action, int group, int step) {
    return (long) action << 32 | (long) (group & 0xFFFF) << 16 | (step & 0xFFFF);
  }

  void record(
      int action,
      int group,
      int step,
      long latencyUs,
      long correctedUs,
      boolean ok,
      HttpLane.Timings t) {
    Step s = steps.computeIfAbsent(key(action, group, step), k -> new Step());
    if (t != null) {
      add(s.sums[0], t.bodyBytes());
      add(s.sums[1], t.dnsUs());
      add(s.sums[2], t.connectUs());
      add(s.sums[3], t.tlsUs());
      add(s.sums[4], t.waitUs());
      add(s.sums[5], t.downloadUs());
      add(s.sums[6], t.waitUs() > 0 ? 1 : 0);
    }
    if (ok) {
      s.latency.recordValue(Math.max(1, latencyUs));
      s.corrected.recordValue(Math.max(1, Math.max(latencyUs, correctedUs)));
    } else {
      s.errors.increment();
    }
  }

  private static void add(LongAdder sum, long value) {
    if (value > 0) {
      sum.add(value);
    }
  }

  /**
   * What was recorded since the last call, one entry per step that ended some; the steps of actions
   * before the newest that were quiet are dropped (a late one makes new recorders).
   */
  List<RequestHistogram> take() {
    List<RequestHistogram> out = new ArrayList<>();
    long newest = steps.keySet().stream().mapToLong(k -> k >>> 32).max().orElse(0);
    for (Map.Entry<Long, Step> e : List.copyOf(steps.entrySet())) {
      Step s = e.getValue();
      long errors = s.errors.sumThenReset();
      Histogram latency = s.latency.getIntervalHistogram();
      Histogram corrected = s.corrected.getIntervalHistogram();
      long key = e.getKey();
      long passed = latency.getTotalCount();
      if (errors == 0 && passed == 0 && key >>> 32 < newest && steps.remove(key, s)) {
        // what a user recorded while it was removed, read once more: nothing is lost
        errors = s.errors.sumThenReset();
        latency = s.latency.getIntervalHistogram();
        corrected = s.corrected.getIntervalHistogram();
        passed = latency.getTotalCount();
      }
      if (errors == 0 && passed == 0) {
        continue; // sums a user added before counting stay for the interval that counts it
      }
      long[] sums = s.takeSums();
      out.add(
          new RequestHistogram(
              (int) (key >>> 32),
              (int) (key >>> 16 & 0xFFFF),
              (int) (key & 0xFFFF),
              passed + errors,
              errors,
              passed == 0 ? null : LatencyHistograms.encode(latency),
              passed == 0 ? null : LatencyHistograms.encode(corrected),
              sums[0],
              sums[1],
              sums[2],
              sums[3],
              sums[4],
              sums[5],
              Math.min(sums[6], passed + errors)));
    }
    return out;
  }
}
