package io.vox.master.jms;

import io.vox.master.app.RejectedBatchException;
import io.vox.master.app.ResultService;
import io.vox.messaging.Destinations;
import io.vox.messaging.ReportBatch;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;

/**
 * Stores the nodes' report batches from queue vox.reports in MySQL, one database transaction per
 * batch, idempotently by batch id. A batch that cannot be true (an ended run, a stranger node,
 * users or actions the run does not give it, a bad histogram) is moved to the DLQ with the reason.
 * The message is acknowledged only after that transaction committed; a failure throws, so Artemis
 * redelivers (then dead-letters). No XA: a master killed between commit and ack gets the batch
 * again and skips it, and no prepared branch is ever left in the broker waiting for a recovery that
 * a restarted Payara Micro may not run.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-rar"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.REPORTS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4"),
      // no XA: the ack commits in a local session after onMessage returns, a throw rolls it back
      @ActivationConfigProperty(propertyName = "useLocalTx", propertyValue = "true")
    })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReportCollector implements MessageListener {
  private static final Logger LOG = Logger.getLogger(ReportCollector.class.getName());

  @Inject InboundMessages inbound;
  @Inject ResultService results;
  @Inject CollectorStats stats;
  @Inject LiveLatency latency;

  /** The rejection behind {@code e}, which the transaction's interceptor may have wrapped. */
  private static RejectedBatchException rejected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RejectedBatchException r) {
        return r;
      }
    }
    return null;
  }

  @Override
  public void onMessage(Message jms) {
    inbound
        .read(jms, ReportBatch.class)
        .ifPresent(
            batch -> {
              long t0 = System.nanoTime();
              boolean stored;
              try {
                stored = results.store(batch, System.currentTimeMillis());
              } catch (RuntimeException e) {
                RejectedBatchException rejected = rejected(e);
                if (rejected != null) {
                  stats.rejected();
                  inbound.reject(
                      jms,
                      "batch "
                          + batch.batchId()
                          + " of node "
                          + batch.nodeId()
                          + " for run "
                          + batch.runId()
                          + " rejected: "
                          + rejected.getMessage());
                  return;
                }
                stats.failed(System.currentTimeMillis()); // holds action deadlines back
                throw e;
              }
              if (!stored) {
                stats.repeated();
                LOG.fine(
                    () -> "run=" + batch.runId() + " batch=" + batch.batchId() + " already stored");
                return;
              }
              stats.stored(batch, System.nanoTime() - t0);
              try {
                latency.add(batch, System.currentTimeMillis());
              } catch (RuntimeException e) { // the live figures must never cost a stored batch
                LOG.warning(() -> "live latency of batch " + batch.batchId() + " skipped: " + e);
              }
            });
  }
}
