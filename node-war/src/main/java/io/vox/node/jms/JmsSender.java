package io.vox.node.jms;

import io.vox.messaging.Destinations;
import io.vox.messaging.Message;
import io.vox.messaging.json.MessageCodec;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TextMessage;

/** Sends Vox messages to the master's queues through the Artemis resource adapter. */
@ApplicationScoped
public class JmsSender {
  static final String CF = "java:app/jms/voxNode";
  private final MessageCodec codec = new MessageCodec();

  @Resource(lookup = CF)
  ConnectionFactory factory;

  /**
   * Sends {@code message} to queue {@code queue}; throws {@link JMSRuntimeException} on failure.
   */
  public void send(String queue, Message message, boolean persistent) {
    try (JMSContext ctx = factory.createContext()) {
      TextMessage text = ctx.createTextMessage(codec.encode(message));
      text.setStringProperty(Destinations.TYPE_PROPERTY, MessageCodec.typeOf(message));
      ctx.createProducer()
          .setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT)
          .send(ctx.createQueue(queue), text);
    } catch (jakarta.jms.JMSException e) {
      throw new JMSRuntimeException("sending " + MessageCodec.typeOf(message) + ": " + e);
    }
  }

  @PreDestroy
  void close() {
    codec.close();
  }
}
