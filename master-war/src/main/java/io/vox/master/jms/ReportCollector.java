package io.vox.master.jms;

import io.vox.master.jpa.JpaResultStore;
import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.json.MessageCodec;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
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
  private static final MessageCodec CODEC = new MessageCodec();

  @Inject JpaResultStore results;

  @Override
  public void onMessage(jakarta.jms.Message jms) {
    ReportBatch batch;
    try {
      String type = jms.getStringProperty(Destinations.TYPE_PROPERTY);
      if (!(CODEC.decode(type, ((TextMessage) jms).getText()) instanceof ReportBatch b)) {
        throw new InvalidMessageException(type + " is not a ReportBatch");
      }
      batch = b;
    } catch (JMSException | ClassCastException e) {
      throw new InvalidMessageException("unreadable report batch: " + e, e);
    }
    if (!results.store(batch, System.currentTimeMillis())) {
      LOG.fine(() -> "run=" + batch.runId() + " batch=" + batch.batchId() + " already stored");
    }
  }
}
