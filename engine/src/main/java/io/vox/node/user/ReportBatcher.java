package io.vox.node.user;

import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.Message;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RequestHistogram;
import io.vox.messaging.ResultRows;
import io.vox.messaging.UserResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Gathers user results into {@link ReportBatch}es of at most {@code batchSize}, per run, each with
 * the latency histograms of its own results. Users add from any thread without blocking; {@link
 * #flush} (called every report interval from one thread) sends what is there. A batch that fails to
 * send is kept and sent again, with the same id, before newer ones (past a cap, in a file; only a
 * file that cannot be read back is lost, logged).
 */
public final class ReportBatcher implements ReportSink {
  private static final Logger LOG = Logger.getLogger(ReportBatcher.class.getName());
  private final String nodeId;
  private final int batchSize;
  private final Consumer<ReportBatch> sender;
  private final Map<Long, Queue<UserResult>> pending = new ConcurrentHashMap<>();
  private final Map<Long, Map<Integer, Recorder[]>> samples = new ConcurrentHashMap<>();
  private final Map<Long, RequestRecorders> steps = new ConcurrentHashMap<>();

  /** The action each run performs here now, whose recorder takes the event loops' lateness. */
  private final Map<Long, Now> acting = new ConcurrentHashMap<>();

  /**
   * The action a run performs here, and when every user of this node had reported it ({@code
   * System.nanoTime()}, 0 while some have not): a stall that began before counts for it, even when
   * its late tick is told after.
   */
  private record Now(int action, long endNanos) {}

  /**
   * Per run and action, the event loops' lateness (µs) while this node performed it, with its
   * command's delivery and the clock offset's error bound (µs, -1 unknown).
   */
  private record Acting(
      Recorder lag,
      long deliveryUs,
      long clockErrorUs,
      java.util.concurrent.atomic.AtomicBoolean told) {}

  private final Map<Long, Map<Integer, Acting>> lag = new ConcurrentHashMap<>();

  private final UnsentBatches unsent;
  private final AtomicLong sent = new AtomicLong();
  private long failures;

  private final java.util.function.LongSupplier nanos;

  /** Keeps every batch the broker refuses on the heap (tests, {@code vox try}). */
  public ReportBatcher(String nodeId, int batchSize, Consumer<ReportBatch> sender) {
    this(nodeId, batchSize, sender, null, Long.MAX_VALUE, System::nanoTime);
  }

  /**
   * Keeps at most {@code maxResultsInMemory} results of the batches the broker refuses on the heap,
   * the rest in files in {@code spillDir} (emptied first: what is there is a previous process's).
   */
  public ReportBatcher(
      String nodeId,
      int batchSize,
      Consumer<ReportBatch> sender,
      java.nio.file.Path spillDir,
      long maxResultsInMemory) {
    this(nodeId, batchSize, sender, spillDir, maxResultsInMemory, System::nanoTime);
    int left = UnsentBatches.clear(spillDir);
    if (left > 0) {
      LOG.warning(
          () ->
              "node="
                  + nodeId
                  + " deleted "
                  + left
                  + " report batch(es) a previous process left unsent in "
                  + spillDir
                  + " (the master counted their users as lost when it restarted)");
    }
  }

  /** With the clock {@code nanos} ({@link System#nanoTime()} outside tests). */
  ReportBatcher(
      String nodeId,
      int batchSize,
      Consumer<ReportBatch> sender,
      java.nio.file.Path spillDir,
      long maxResultsInMemory,
      java.util.function.LongSupplier nanos) {
    this.nodeId = nodeId;
    this.batchSize = batchSize;
    this.sender = sender;
    this.nanos = nanos;
    this.unsent = new UnsentBatches(spillDir, maxResultsInMemory);
  }

  @Override
  public void report(long runId, UserResult result) {
    pending.computeIfAbsent(runId, r -> new ConcurrentLinkedQueue<>()).offer(result);
  }

  // counted as flush() batches the results (off the users' event loops, under its lock), so
  // they lag the users by at most one report interval
  private volatile long reported;
  private volatile long errors;
  private volatile long requests;
  private volatile long failedRequests;

  /** Results the users reported and the batcher took, sent or not. */
  public long reported() {
    return reported;
  }

  /** Of those, results with an error. */
  public long errors() {
    return errors;
  }

  /** Requests those results stand for (a loop's row sums its iterations). */
  public long requests() {
    return requests;
  }

  public long failedRequests() {
    return failedRequests;
  }

  /** Batches built but not yet accepted by the broker, as of the last flush. */
  public int unsentBatches() {
    return unsentCount;
  }

  /** Results of unsent batches held on the heap (the rest are in spill files). */
  public long unsentResultsInMemory() {
    return unsentInMemory;
  }

  /**
   * Batches written to spill files so far (the broker refused them while the heap's share was
   * full).
   */
  public long spilledBatches() {
    return spilled;
  }

  /** Runs that ended here, newest last; their state goes after their last flush. */
  private final Set<Long> ended =
      java.util.Collections.newSetFromMap(
          java.util.Collections.synchronizedMap(
              new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));

  @Override
  public void ended(long runId) {
    ended.add(runId);
    acting.remove(runId);
  }

  @Override
  public void acting(long runId, int action, long deliveryUs, long clockErrorUs) {
    if (!ended.contains(runId)) {
      lag.computeIfAbsent(runId, k -> new ConcurrentHashMap<>())
          .put(
              action,
              new Acting(
                  new Recorder(3),
                  deliveryUs,
                  clockErrorUs,
                  new java.util.concurrent.atomic.AtomicBoolean()));
      acting.put(runId, new Now(action, 0));
    }
  }

  @Override
  public void acted(long runId, int action) {
    long now = nanos.getAsLong();
    acting.computeIfPresent(runId, (k, a) -> a.action() == action ? new Now(action, now) : a);
  }

  /** One sample of an event loop's lateness ({@code LoopLag}), for each action under way. */
  public void loopLate(long lateUs) {
    if (acting.isEmpty()) {
      return;
    }
    long dueNanos = nanos.getAsLong() - lateUs * 1000; // when the late tick should have run
    acting.forEach(
        (runId, now) -> {
          if (now.endNanos() != 0 && dueNanos >= now.endNanos()) {
            return; // the loop was late after the action's last request here: it delayed none
          }
          Map<Integer, Acting> run = lag.get(runId);
          Acting a = run == null ? null : run.get(now.action());
          if (a != null) {
            a.lag().recordValue(lateUs);
          }
        });
  }

  /**
   * The loops' lateness per action of run {@code runId} since the last call; the recorders of the
   * actions the run has left go once taken.
   */
  private Map<Integer, LatencyHistograms.Acting> takeLag(long runId) {
    Map<Integer, Acting> recorders = lag.get(runId);
    if (recorders == null) {
      return Map.of();
    }
    Now acted = acting.get(runId);
    Integer now = acted == null ? null : acted.action();
    Map<Integer, LatencyHistograms.Acting> taken = new java.util.TreeMap<>();
    for (Map.Entry<Integer, Acting> e : List.copyOf(recorders.entrySet())) {
      if (now == null || e.getKey() < now) {
        // no sample comes to it any more (a newer one may have come in since `now` was read)
        recorders.remove(e.getKey());
      }
      Acting a = e.getValue();
      Histogram h = a.lag().getIntervalHistogram();
      // a known delivery goes in the next batch even if no loop was sampled yet (a quick action)
      if (h.getTotalCount() > 0 || (a.deliveryUs() >= 0 && !a.told().get())) {
        a.told().set(true);
        taken.put(e.getKey(), new LatencyHistograms.Acting(h, a.deliveryUs(), a.clockErrorUs()));
      }
    }
    return taken;
  }

  @Override
  public void sample(long runId, int action, long latencyUs, long correctedUs) {
    Recorder[] r = recorders(runId, action);
    if (r == null) {
      return;
    }
    r[0].recordValue(Math.max(1, latencyUs));
    r[1].recordValue(Math.max(1, correctedUs));
  }

  @Override
  public void phases(
      long runId,
      int action,
      long dnsUs,
      long connectUs,
      long tlsUs,
      long waitUs,
      long downloadUs) {
    Recorder[] r = recorders(runId, action);
    if (r == null) {
      return;
    }
    r[7].recordValue(1); // its count is the action's HTTP requests
    if (dnsUs > 0) {
      r[2].recordValue(dnsUs);
    }
    if (connectUs > 0) {
      r[3].recordValue(connectUs);
    }
    if (tlsUs > 0) {
      r[4].recordValue(tlsUs);
    }
    if (waitUs > 0) { // a response arrived
      r[5].recordValue(waitUs);
      r[6].recordValue(Math.max(0, downloadUs));
    }
  }

  @Override
  public void request(
      long runId,
      int action,
      int group,
      int step,
      long latencyUs,
      long correctedUs,
      boolean ok,
      HttpLane.Timings timings) {
    RequestRecorders r = steps.get(runId);
    if (r == null) {
      if (ended.contains(runId)) {
        return;
      }
      r = steps.computeIfAbsent(runId, k -> new RequestRecorders());
    }
    r.record(action, group, step, latencyUs, correctedUs, ok, timings);
  }

  /**
   * Latency, corrected latency, the request phases (LatencyHistogram.PHASES), then one counting
   * HTTP requests; null once the run ended here.
   */
  private Recorder[] recorders(long runId, int action) {
    Map<Integer, Recorder[]> run = samples.get(runId);
    if (run == null) {
      // the ended set takes a lock: asked only when the run has no recorders, not per request
      if (ended.contains(runId)) {
        return null;
      }
      run = samples.computeIfAbsent(runId, k -> new ConcurrentHashMap<>());
    }
    return run.computeIfAbsent(
        action,
        k -> {
          Recorder[] r = new Recorder[8];
          for (int i = 0; i < r.length; i++) {
            r[i] = new Recorder(3);
          }
          return r;
        });
  }

  /** Nanos of the last batch sent for samples alone, per run. */
  private final Map<Long, Long> lastSamplesOnly = new ConcurrentHashMap<>();

  /**
   * The samples (loop iterations, request phases) of run {@code runId} recorded since the last
   * call, per action; none when {@code alone} (no row goes with them) and samples alone were sent
   * less than a second ago: a loop of many users at 10K iterations/s then costs the master a
   * transaction a second, not one per report interval. None alone either while batches wait for the
   * broker: samples then add up in the recorders, whose size is fixed, instead of in a new batch
   * every second of a broker outage.
   */
  private Map<Integer, Histogram[]> takeSamples(long runId, boolean alone) {
    if (alone && !unsent.isEmpty()) {
      return Map.of();
    }
    if (alone) {
      long now = nanos.getAsLong();
      Long last = lastSamplesOnly.get(runId);
      if (last != null && now - last < SAMPLES_ALONE_NANOS) {
        return Map.of();
      }
      lastSamplesOnly.put(runId, now);
    }
    return takeSamples(runId);
  }

  private static final long SAMPLES_ALONE_NANOS = 1_000_000_000L;

  /** The samples of run {@code runId} recorded since the last call, per action. */
  private Map<Integer, Histogram[]> takeSamples(long runId) {
    Map<Integer, Recorder[]> recorders = samples.get(runId);
    if (recorders == null) {
      return Map.of();
    }
    Map<Integer, Histogram[]> taken = new java.util.TreeMap<>();
    int newest = recorders.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    for (Map.Entry<Integer, Recorder[]> e : List.copyOf(recorders.entrySet())) {
      Histogram[] h = interval(e.getValue());
      if (h != null) {
        taken.put(e.getKey(), h);
      } else if (e.getKey() < newest) {
        // an action the run has left, quiet for an interval: its recorders (~1 MB) go, or a run
        // of many actions would hold every one's until it ends; a late sample makes new ones
        recorders.remove(e.getKey());
        Histogram[] late = interval(e.getValue()); // what was recorded while it was removed
        if (late != null) {
          taken.put(e.getKey(), late);
        }
      }
    }
    return taken;
  }

  /** What {@code r} recorded since the last call, or null when nothing. */
  private static Histogram[] interval(Recorder[] r) {
    Histogram[] h = new Histogram[r.length];
    long count = 0;
    for (int i = 0; i < r.length; i++) {
      h[i] = r[i].getIntervalHistogram();
      count += h[i].getTotalCount();
    }
    return count > 0 ? h : null;
  }

  /**
   * Sends every complete or partial batch waiting, the oldest first; returns how many results went
   * out. A batch is kept (on the heap, or past the cap in a file) only when the broker refuses it
   * or one before it.
   */
  public synchronized int flush() {
    int count = sendWaiting();
    java.util.Set<Long> runs = new java.util.HashSet<>(pending.keySet());
    runs.addAll(samples.keySet());
    runs.addAll(lag.keySet()); // a run stopped before any result: its recorders go too
    for (long runId : runs) {
      // rows first, then the samples: a loop's row is reported after its iterations' samples,
      // so the samples of every row sent here are in this flush too
      Queue<UserResult> queue = pending.getOrDefault(runId, new ArrayDeque<>());
      List<List<UserResult>> chunks = new ArrayList<>();
      while (!queue.isEmpty()) {
        List<UserResult> results = new ArrayList<>(Math.min(batchSize, 1024));
        for (UserResult r; results.size() < batchSize && (r = queue.poll()) != null; ) {
          results.add(r);
          requests += r.requests();
          failedRequests += r.failures();
          errors += r.ok() ? 0 : 1;
        }
        reported += results.size();
        chunks.add(results);
      }
      boolean over = ended.contains(runId); // its last samples go now, not in a second
      Map<Integer, Histogram[]> sampled = takeSamples(runId, chunks.isEmpty() && !over);
      RequestRecorders perRequest = steps.get(runId);
      List<RequestHistogram> stepped =
          perRequest == null || (chunks.isEmpty() && sampled.isEmpty() && !over)
              ? List.of()
              : perRequest.take();
      if (chunks.isEmpty() && (!sampled.isEmpty() || !stepped.isEmpty())) {
        chunks.add(List.of());
      }
      // the loops' lateness rides with batches sent anyway, never in a batch of its own: it is
      // sampled every 20 ms on every loop, all the time an action is under way
      Map<Integer, LatencyHistograms.Acting> late =
          chunks.isEmpty() && !over ? Map.of() : takeLag(runId);
      if (chunks.isEmpty() && !late.isEmpty()) {
        chunks.add(List.of()); // the run's last: once
      }
      for (List<UserResult> results : chunks) {
        ReportBatch b =
            new ReportBatch(
                Message.SCHEMA_VERSION,
                nodeId + "-" + UUID.randomUUID(),
                runId,
                nodeId,
                ResultRows.of(results),
                LatencyHistograms.of(results, sampled, late),
                stepped);
        sampled = Map.of();
        late = Map.of();
        stepped = List.of();
        if (unsent.isEmpty() && send(b)) {
          count += results.size();
        } else {
          unsent.add(b);
        }
      }
      if (over) {
        forget(runId); // everything it reported is in a batch now
      }
    }
    sent.addAndGet(count);
    unsentCount = unsent.size();
    unsentInMemory = unsent.resultsInMemory();
    spilled = unsent.spilledEver();
    return count;
  }

  /** Sends the batches the broker refused before, in order, until it refuses one. */
  private int sendWaiting() {
    int count = 0;
    while (!unsent.isEmpty()) {
      ReportBatch b;
      try {
        b = unsent.peek();
      } catch (java.io.UncheckedIOException e) {
        // its users' results are gone: the master fills them in as missing at the deadline
        LOG.log(Level.SEVERE, "node=" + nodeId + " lost a spilled report batch", e);
        unsent.poll();
        continue;
      }
      if (!send(b)) {
        break;
      }
      unsent.poll();
      count += b.results().size();
    }
    return count;
  }

  private boolean send(ReportBatch b) {
    try {
      sender.accept(b);
      return true;
    } catch (RuntimeException ex) {
      if (failures++ % 100 == 0) {
        LOG.log(
            Level.WARNING,
            "node=" + nodeId + " batch=" + b.batchId() + " not sent, will retry",
            ex);
      }
      return false;
    }
  }

  // published at the end of each flush, so a heartbeat never waits for one (it may write files)
  private volatile int unsentCount;
  private volatile long unsentInMemory;
  private volatile long spilled;

  /** Drops an ended run's recorders and queue; a result reported later starts a new queue. */
  private void forget(long runId) {
    samples.remove(runId);
    steps.remove(runId);
    lag.remove(runId);
    lastSamplesOnly.remove(runId);
    pending.computeIfPresent(runId, (k, q) -> q.isEmpty() ? null : q);
  }

  /** Actions of run {@code runId} whose recorders the batcher holds. */
  java.util.Set<Integer> actionsHeld(long runId) {
    Map<Integer, Recorder[]> r = samples.get(runId);
    return r == null ? java.util.Set.of() : java.util.Set.copyOf(r.keySet());
  }

  /** Runs whose recorders or queue the batcher still holds. */
  int runsHeld() {
    Set<Long> held = new java.util.HashSet<>(samples.keySet());
    held.addAll(steps.keySet());
    held.addAll(pending.keySet());
    held.addAll(lag.keySet());
    held.addAll(acting.keySet());
    return held.size();
  }

  /** Results sent so far. */
  public long sent() {
    return sent.get();
  }
}
