package io.vox.messaging.jms;

import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.Message;
import io.vox.messaging.json.MessageCodec;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TextMessage;

/**
 * A Vox message on the wire: a JMS text message whose body is the record's JSON and whose string
 * property {@code voxType} names the record. Thread-safe.
 */
public final class JmsMessages {
  private final MessageCodec codec = new MessageCodec();

  /** Sends {@code message} to {@code to}; persistent unless said otherwise. */
  public void send(JMSContext ctx, Destination to, Message message, boolean persistent) {
    try {
      TextMessage text = ctx.createTextMessage(codec.encode(message));
      text.setStringProperty(Destinations.TYPE_PROPERTY, MessageCodec.typeOf(message));
      ctx.createProducer()
          .setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT)
          .send(to, text);
    } catch (JMSException e) {
      throw new JMSRuntimeException(
          "sending " + MessageCodec.typeOf(message) + " to " + to + ": " + e.getMessage());
    }
  }

  /**
   * Moves an unreadable message to the dead-letter queue at once, with the reason in its string
   * property {@code voxRejected}: retrying cannot make it readable, and redelivery is kept for
   * failures that pass (a database that is down).
   */
  public void reject(JMSContext ctx, jakarta.jms.Message message, String reason) {
    try {
      String body = message instanceof TextMessage t ? t.getText() : String.valueOf(message);
      TextMessage copy = ctx.createTextMessage(body);
      String type = message.getStringProperty(Destinations.TYPE_PROPERTY);
      if (type != null) {
        copy.setStringProperty(Destinations.TYPE_PROPERTY, type);
      }
      copy.setStringProperty(REJECTED_PROPERTY, reason);
      ctx.createProducer().send(ctx.createQueue(Destinations.DEAD_LETTERS), copy);
    } catch (JMSException e) {
      throw new JMSRuntimeException("dead-lettering a rejected message: " + e.getMessage());
    }
  }

  /** String property on a dead-lettered message: why it was rejected. */
  public static final String REJECTED_PROPERTY = "voxRejected";

  /**
   * Reads a received message as a record of {@code expected}.
   *
   * @throws InvalidMessageException when it is not a text message, not a known type, not of the
   *     expected kind, or not valid (the caller rejects it, so it is redelivered then
   *     dead-lettered)
   */
  public <T extends Message> T decode(jakarta.jms.Message jms, Class<T> expected) {
    if (!(jms instanceof TextMessage text)) {
      throw new InvalidMessageException(
          "not a text message: " + (jms == null ? "null" : jms.getClass().getSimpleName()));
    }
    Message message;
    try {
      message = codec.decode(jms.getStringProperty(Destinations.TYPE_PROPERTY), text.getText());
    } catch (JMSException e) {
      throw new InvalidMessageException("unreadable message: " + e.getMessage(), e);
    }
    if (!expected.isInstance(message)) {
      throw new InvalidMessageException(
          MessageCodec.typeOf(message) + " is not a " + expected.getSimpleName());
    }
    return expected.cast(message);
  }
}
