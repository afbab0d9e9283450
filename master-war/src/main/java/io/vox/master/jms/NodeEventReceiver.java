package io.vox.master.jms;

import io.vox.master.jpa.JpaRunStore;
import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.Message;
import io.vox.messaging.NodeHeartbeat;
import io.vox.messaging.NodeReady;
import io.vox.messaging.json.MessageCodec;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/** Takes node events from queue vox.events: heartbeats feed the registry, NodeReady the run. */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-rar"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.EVENTS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")
    })
public class NodeEventReceiver implements MessageListener {
  private static final MessageCodec CODEC = new MessageCodec();

  @EJB MasterRuntime runtime;
  @Inject JpaRunStore runs;

  @Override
  public void onMessage(jakarta.jms.Message jms) {
    Message message;
    try {
      message =
          CODEC.decode(
              jms.getStringProperty(Destinations.TYPE_PROPERTY), ((TextMessage) jms).getText());
    } catch (JMSException | ClassCastException e) {
      throw new InvalidMessageException("unreadable node event: " + e, e);
    }
    if (message instanceof NodeHeartbeat h) {
      runtime.nodes().heartbeat(h.nodeId(), System.currentTimeMillis(), h.users());
    } else if (message instanceof NodeReady r) {
      runtime.nodes().heartbeat(r.nodeId(), System.currentTimeMillis(), -1);
      runs.nodeReady(r.runId(), r.nodeId(), r.connected(), r.failed());
    } else {
      throw new InvalidMessageException(message.getClass().getSimpleName() + " is no node event");
    }
  }
}
