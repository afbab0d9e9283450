package io.vox.master.jms;

import io.vox.master.boot.MasterRuntime;
import io.vox.master.run.ReportPipeline;
import io.vox.messaging.Destinations;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.jms.JmsMessages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import java.util.Enumeration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The report pipeline as the broker and the collector see it: a run's batches are found by their
 * run property in the reports queue and the dead-letter queue (browsed, not taken); a batch that
 * failed to store is out of sight while it waits to be redelivered, so results count as in flight
 * for the broker's redelivery time after the collector's last failure.
 */
@ApplicationScoped
public class JmsReportPipeline implements ReportPipeline {
  @Resource(lookup = MasterRuntime.CF)
  ConnectionFactory factory;

  @jakarta.inject.Inject CollectorStats stats;

  /**
   * How long the broker keeps redelivering a batch before it dead-letters it (12 attempts, delays
   * doubling from 1 s to 30 s: about 3.5 minutes), with a margin.
   */
  @jakarta.inject.Inject
  @ConfigProperty(name = "vox.master.redelivery-ms", defaultValue = "240000")
  long redeliveryMs;

  @Override
  public boolean inFlight(long runId, long nowMs) {
    long failedAt = stats.lastFailureMs();
    return nowMs - failedAt < redeliveryMs || waiting(runId);
  }

  @Override
  public boolean sentInFlight(long runId, long nowMs) {
    long failedAt = stats.lastStoreFailureMs();
    return (failedAt > 0 && nowMs - failedAt < redeliveryMs) || waiting(runId);
  }

  @Override
  public boolean waiting(long runId) {
    return count(Destinations.REPORTS, runId, "", 1) > 0;
  }

  @Override
  public java.util.List<String> deadLettered(long runId) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    browse(
        Destinations.DEAD_LETTERS,
        runId,
        " AND " + JmsMessages.REJECTED_PROPERTY + " IS NULL",
        Integer.MAX_VALUE,
        m -> {
          String id = m.getStringProperty(JmsMessages.BATCH_PROPERTY);
          ids.add(id == null ? "unnamed batch " + ids.size() : id);
        });
    return ids;
  }

  @Override
  public long holdMs() {
    return redeliveryMs;
  }

  /**
   * Report batches of run {@code runId} in queue {@code queue} matching {@code more}, to {@code
   * max}.
   */
  private int count(String queue, long runId, String more, int max) {
    return browse(queue, runId, more, max, m -> {});
  }

  /** A message seen while browsing. */
  private interface Seen {
    void accept(jakarta.jms.Message m) throws jakarta.jms.JMSException;
  }

  /** Shows {@code seen} each batch that {@link #count} counts, and counts them. */
  private int browse(String queue, long runId, String more, int max, Seen seen) {
    try (JMSContext ctx = factory.createContext();
        QueueBrowser browser =
            ctx.createBrowser(
                ctx.createQueue(queue),
                Destinations.TYPE_PROPERTY
                    + " = '"
                    + ReportBatch.class.getSimpleName()
                    + "' AND "
                    + JmsMessages.RUN_PROPERTY
                    + " = "
                    + runId
                    + more)) {
      int n = 0;
      for (Enumeration<?> e = browser.getEnumeration(); n < max && e.hasMoreElements(); ) {
        seen.accept((jakarta.jms.Message) e.nextElement());
        n++;
      }
      return n;
    } catch (jakarta.jms.JMSException e) {
      throw new jakarta.jms.JMSRuntimeException("browsing " + queue + ": " + e.getMessage());
    }
  }
}
