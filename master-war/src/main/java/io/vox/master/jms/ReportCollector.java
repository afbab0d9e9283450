package io.vox.master.jms;

import io.vox.master.jpa.JpaResultStore;
import io.vox.messaging.Destinations;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.jms.JmsMessages;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;

/**
 * Stores the nodes' report batches from queue vox.reports in MySQL, one transaction per batch,
 * idempotently by batch id. A failure rolls back, so Artemis redelivers, then dead-letters.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-rar"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.REPORTS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
    })
public class ReportCollector implements MessageListener {
  private static final Logger LOG = Logger.getLogger(ReportCollector.class.getName());
  private static final JmsMessages MESSAGES = new JmsMessages();

  @Inject JpaResultStore results;

  @Override
  public void onMessage(Message jms) {
    ReportBatch batch = MESSAGES.decode(jms, ReportBatch.class);
    if (!results.store(batch, System.currentTimeMillis())) {
      LOG.fine(() -> "run=" + batch.runId() + " batch=" + batch.batchId() + " already stored");
    }
  }
}
