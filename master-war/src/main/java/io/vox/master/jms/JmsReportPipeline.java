package io.vox.master.jms;

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
 * The report pipeline as the broker and the collector see it: batches are being redelivered while
 * the collector failed one within the broker's redelivery time; dead-lettered batches of a run are
 * found by their run property in the dead-letter queue (browsed, not taken: they stay for an
 * operator).
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
  public boolean redelivering(long nowMs) {
    long failedAt = stats.lastFailureMs();
    return failedAt > 0 && nowMs - failedAt < redeliveryMs;
  }

  @Override
  public int deadLettered(long runId) {
    try (JMSContext ctx = factory.createContext();
        QueueBrowser browser =
            ctx.createBrowser(
                ctx.createQueue(Destinations.DEAD_LETTERS),
                Destinations.TYPE_PROPERTY
                    + " = '"
                    + ReportBatch.class.getSimpleName()
                    + "' AND "
                    + JmsMessages.RUN_PROPERTY
                    + " = "
                    + runId)) {
      int n = 0;
      for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); e.nextElement()) {
        n++;
      }
      return n;
    } catch (jakarta.jms.JMSException e) {
      throw new jakarta.jms.JMSRuntimeException(
          "browsing the dead-letter queue: " + e.getMessage());
    }
  }
}
