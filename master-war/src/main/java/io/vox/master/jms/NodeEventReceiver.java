package io.vox.master.jms;

import io.vox.master.jpa.JpaRunStore;
import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.NodeEvent;
import io.vox.messaging.NodeHeartbeat;
import io.vox.messaging.NodeReady;
import io.vox.messaging.jms.JmsMessages;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageListener;

/** Takes node events from queue vox.events: heartbeats feed the registry, NodeReady the run. */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-rar"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.EVENTS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2"),
      // no XA: the ack commits in a local session after onMessage returns, a throw rolls it back
      @ActivationConfigProperty(propertyName = "useLocalTx", propertyValue = "true")
    })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeEventReceiver implements MessageListener {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(NodeEventReceiver.class.getName());
  private static final JmsMessages MESSAGES = new JmsMessages();

  @EJB MasterRuntime runtime;
  @Inject JpaRunStore runs;

  @Resource(lookup = MasterRuntime.CF)
  ConnectionFactory factory;

  @Override
  public void onMessage(jakarta.jms.Message jms) {
    NodeEvent event;
    try {
      event = MESSAGES.decode(jms, NodeEvent.class);
    } catch (InvalidMessageException e) {
      reject(jms, e);
      return;
    }
    if (event instanceof NodeHeartbeat h) {
      runtime.nodes().heartbeat(h.nodeId(), System.currentTimeMillis(), h.users());
    } else if (event instanceof NodeReady r) {
      runtime.nodes().seen(r.nodeId(), System.currentTimeMillis());
      runs.nodeReady(r.runId(), r.nodeId(), r.connected(), r.failed());
    }
  }

  private void reject(jakarta.jms.Message jms, InvalidMessageException e) {
    LOG.warning(
        () -> "unreadable message moved to " + Destinations.DEAD_LETTERS + ": " + e.getMessage());
    try (JMSContext ctx = factory.createContext()) {
      MESSAGES.reject(ctx, jms, e.getMessage());
    }
  }
}
