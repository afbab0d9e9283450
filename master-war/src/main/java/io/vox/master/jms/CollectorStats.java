package io.vox.master.jms;

import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** What the report collector stored since this master started, for the metrics endpoint. */
@ApplicationScoped
public class CollectorStats {
  // fields are reached through methods only: callers hold a CDI proxy, whose fields are not these
  private final LongAdder batches = new LongAdder();
  private final LongAdder repeats = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder errorRows = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final LongAdder storeNanos = new LongAdder();
  private final LongAccumulator maxStoreNanos = new LongAccumulator(Math::max, 0);
  // from this master's start: batches it failed before a restart may wait to be redelivered
  private final LongAccumulator lastFailureMs =
      new LongAccumulator(Math::max, System.currentTimeMillis());
  private final LongAdder failures = new LongAdder();
  private final LongAccumulator lastStoreFailureMs = new LongAccumulator(Math::max, 0);

  /** Storing a batch failed at {@code nowMs}: the broker will deliver it again. */
  public void failed(long nowMs) {
    failures.increment();
    lastFailureMs.accumulate(nowMs);
    lastStoreFailureMs.accumulate(nowMs);
  }

  /** When storing a batch last failed in this master, or 0. */
  public long lastStoreFailureMs() {
    return lastStoreFailureMs.get();
  }

  private final LongAdder rejected = new LongAdder();

  /** A batch was moved to the DLQ as one that cannot be true. */
  public void rejected() {
    rejected.increment();
  }

  /** Batches moved to the DLQ as ones that cannot be true. */
  public long rejections() {
    return rejected.sum();
  }

  /** When storing a batch last failed, or when this master started if none failed since. */
  public long lastFailureMs() {
    return lastFailureMs.get();
  }

  /** Batches whose storing failed (each delivery counts). */
  public long failures() {
    return failures.sum();
  }

  /** A batch was stored in {@code nanos}. */
  public void stored(ReportBatch batch, long nanos) {
    storeNanos.add(nanos);
    maxStoreNanos.accumulate(nanos);
    batches.increment();
    long errors = 0;
    long sent = 0;
    long failed = 0;
    for (UserResult r : batch.results()) {
      errors += r.ok() ? 0 : 1;
      sent += r.requests();
      failed += r.failures();
    }
    rows.add(batch.results().size());
    errorRows.add(errors);
    requests.add(sent);
    failedRequests.add(failed);
  }

  /** A delivery of a batch already stored was skipped. */
  public void repeated() {
    repeats.increment();
  }

  /** Batches stored (a repeat of a stored batch is not counted). */
  public long batches() {
    return batches.sum();
  }

  /** Deliveries of a batch already stored, skipped. */
  public long repeats() {
    return repeats.sum();
  }

  /** Result rows stored. */
  public long rows() {
    return rows.sum();
  }

  /** Result rows stored with an error. */
  public long errorRows() {
    return errorRows.sum();
  }

  /** Requests the stored rows stand for (a loop's row sums its iterations). */
  public long requests() {
    return requests.sum();
  }

  public long failedRequests() {
    return failedRequests.sum();
  }

  /** Seconds spent storing batches (their transactions), in all. */
  public double storeSeconds() {
    return storeNanos.sum() / 1e9;
  }

  public double maxStoreSeconds() {
    return maxStoreNanos.get() / 1e9;
  }
}
