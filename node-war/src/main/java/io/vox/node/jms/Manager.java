package io.vox.node.jms;

import io.vox.messaging.ControlMessage;
import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.Message;
import io.vox.messaging.json.MessageCodec;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
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
  private static final MessageCodec CODEC = new MessageCodec();

  @EJB NodeRuntime runtime;

  @Override
  public void onMessage(jakarta.jms.Message jms) {
    try {
      String type = jms.getStringProperty(Destinations.TYPE_PROPERTY);
      Message message = CODEC.decode(type, ((TextMessage) jms).getText());
      if (!(message instanceof ControlMessage control)) {
        throw new InvalidMessageException(type + " is not a control message");
      }
      LOG.fine(() -> "node=" + runtime.engine().nodeId() + " got " + type);
      runtime.engine().handle(control);
    } catch (JMSException | ClassCastException e) {
      throw new InvalidMessageException("unreadable control message: " + e, e);
    }
  }
}
