package io.vox.node.jms;

import io.vox.messaging.ControlMessage;
import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.jms.JmsMessages;
import io.vox.node.boot.NodeRuntime;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;

/**
 * The node's manager: takes the master's control messages from topic vox.control, one at a time and
 * in order ({@code maxSession=1}), and hands them to the engine, which fans them out to the user
 * actors. A message it cannot read is rejected (redelivered, then dead-lettered).
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-rar"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Topic"),
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.CONTROL),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
    })
public class Manager implements MessageListener {
  private static final Logger LOG = Logger.getLogger(Manager.class.getName());
  private static final JmsMessages MESSAGES = new JmsMessages();

  @EJB NodeRuntime runtime;
  @Inject JmsSender sender;

  @Override
  public void onMessage(Message jms) {
    ControlMessage message;
    try {
      message = MESSAGES.decode(jms, ControlMessage.class);
    } catch (InvalidMessageException e) {
      LOG.warning(() -> "unreadable control message moved to the DLQ: " + e.getMessage());
      sender.reject(jms, e.getMessage());
      return;
    }
    runtime.engine().handle(message);
  }
}
