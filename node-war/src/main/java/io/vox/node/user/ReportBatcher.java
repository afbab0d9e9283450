package io.vox.node.user;

import io.vox.messaging.LatencyHistograms;
import io.vox.messaging.Message;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gathers user results into {@link ReportBatch}es of at most {@code batchSize}, per run, each with
 * the latency histograms of its own results. Users add from any thread without blocking; {@link
 * #flush} (called every report interval from one thread) sends what is there. A batch that fails to
 * send is kept and sent again, with the same id, before newer ones: nothing is dropped.
 */
public final class ReportBatcher implements ReportSink {
  private static final Logger LOG = Logger.getLogger(ReportBatcher.class.getName());
  private final String nodeId;
  private final int batchSize;
  private final Consumer<ReportBatch> sender;
  private final Map<Long, Queue<UserResult>> pending = new ConcurrentHashMap<>();
  private final ArrayDeque<ReportBatch> unsent = new ArrayDeque<>();
  private final AtomicLong sent = new AtomicLong();
  private long failures;

  public ReportBatcher(String nodeId, int batchSize, Consumer<ReportBatch> sender) {
    this.nodeId = nodeId;
    this.batchSize = batchSize;
    this.sender = sender;
  }

  @Override
  public void report(long runId, UserResult result) {
    pending.computeIfAbsent(runId, r -> new ConcurrentLinkedQueue<>()).offer(result);
  }

  /** Sends every complete or partial batch waiting; returns how many results went out. */
  public synchronized int flush() {
    int count = 0;
    for (Map.Entry<Long, Queue<UserResult>> e : pending.entrySet()) {
      Queue<UserResult> queue = e.getValue();
      while (!queue.isEmpty()) {
        List<UserResult> results = new ArrayList<>(Math.min(batchSize, 1024));
        for (UserResult r; results.size() < batchSize && (r = queue.poll()) != null; ) {
          results.add(r);
        }
        unsent.add(
            new ReportBatch(
                Message.SCHEMA_VERSION,
                nodeId + "-" + UUID.randomUUID(),
                e.getKey(),
                nodeId,
                results,
                LatencyHistograms.of(results)));
      }
    }
    for (ReportBatch b; (b = unsent.peek()) != null; ) {
      try {
        sender.accept(b);
      } catch (RuntimeException ex) {
        if (failures++ % 100 == 0) {
          LOG.log(
              Level.WARNING,
              "node=" + nodeId + " batch=" + b.batchId() + " not sent, will retry",
              ex);
        }
        break;
      }
      unsent.poll();
      count += b.results().size();
    }
    sent.addAndGet(count);
    return count;
  }

  /** Results sent so far. */
  public long sent() {
    return sent.get();
  }
}
