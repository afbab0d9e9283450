package io.vox.master.jms;

import io.vox.master.run.ControlChannel;
import io.vox.messaging.ControlMessage;
import io.vox.messaging.Destinations;
import io.vox.messaging.json.MessageCodec;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TextMessage;

/** Publishes control messages on topic vox.control, persistent, in the caller's transaction. */
@ApplicationScoped
public class JmsControlChannel implements ControlChannel {
  private static final MessageCodec CODEC = new MessageCodec();

  @Resource(lookup = MasterRuntime.CF)
  ConnectionFactory factory;

  @Override
  public void publish(ControlMessage message) {
    try (JMSContext ctx = factory.createContext()) {
      TextMessage text = ctx.createTextMessage(CODEC.encode(message));
      text.setStringProperty(Destinations.TYPE_PROPERTY, MessageCodec.typeOf(message));
      ctx.createProducer().send(ctx.createTopic(Destinations.CONTROL), text);
    } catch (JMSException e) {
      throw new JMSRuntimeException(
          "run=" + message.runId() + " publishing " + MessageCodec.typeOf(message) + ": " + e);
    }
  }
}
