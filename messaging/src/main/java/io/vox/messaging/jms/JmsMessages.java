package io.vox.messaging.jms;

import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.Message;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.json.MessageCodec;
import io.vox.messaging.scenario.Masker;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;

/**
 * A Vox message on the wire: a JMS message whose body is the record's JSON and whose string
 * property {@code voxType} names the record. A {@link ReportBatch} goes as a bytes message of its
 * JSON header and its results' text in UTF-8 (half the size of a text message, whose body Artemis
 * keeps in UTF-16: a batch of 5000 results then stays under the RA's 1 MiB large-message size), the
 * others as text messages; either is read. Thread-safe.
 */
public final class JmsMessages {
  private final MessageCodec codec = new MessageCodec();

  /** Sends {@code message} to {@code to}; persistent unless said otherwise. */
  public void send(JMSContext ctx, Destination to, Message message, boolean persistent) {
    try {
      jakarta.jms.Message jms;
      if (message instanceof ReportBatch) {
        BytesMessage bytes = ctx.createBytesMessage();
        bytes.writeBytes(codec.encodeBytes(message));
        jms = bytes;
      } else {
        jms = ctx.createTextMessage(codec.encode(message));
      }
      jms.setStringProperty(Destinations.TYPE_PROPERTY, MessageCodec.typeOf(message));
      if (message instanceof ReportBatch batch) {
        jms.setLongProperty(RUN_PROPERTY, batch.runId()); // found in the DLQ by its run
        jms.setStringProperty(BATCH_PROPERTY, batch.batchId());
      }
      ctx.createProducer()
          .setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT)
          .send(to, jms);
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
      String body =
          message instanceof TextMessage t
              ? t.getText()
              : message instanceof BytesMessage b
                  ? new String(b.getBody(byte[].class), StandardCharsets.UTF_8)
                  : String.valueOf(message);
      TextMessage copy = ctx.createTextMessage(withoutSecrets(body));
      String type = message.getStringProperty(Destinations.TYPE_PROPERTY);
      if (type != null) {
        copy.setStringProperty(Destinations.TYPE_PROPERTY, type);
      }
      if (message.propertyExists(RUN_PROPERTY)) {
        copy.setLongProperty(RUN_PROPERTY, message.getLongProperty(RUN_PROPERTY));
      }
      copy.setStringProperty(REJECTED_PROPERTY, reason);
      ctx.createProducer().send(ctx.createQueue(Destinations.DEAD_LETTERS), copy);
    } catch (JMSException e) {
      throw new JMSRuntimeException("dead-lettering a rejected message: " + e.getMessage());
    }
  }

  /**
   * {@code body} with the values of a StartRun's secret {@code params} masked: a dead letter stays
   * in the broker's store.
   */
  static String withoutSecrets(String body) {
    if (body == null || !body.contains("\"params\"")) {
      return body;
    }
    try {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> root = Json.JSONB.fromJson(body, java.util.LinkedHashMap.class);
      if (!(root.get("params") instanceof java.util.Map<?, ?> params)) {
        return body;
      }
      java.util.Map<String, String> masked = new java.util.LinkedHashMap<>();
      params.keySet().forEach(k -> masked.put(String.valueOf(k), Masker.MASK));
      root.put("params", masked);
      return Json.JSONB.toJson(root);
    } catch (RuntimeException | LinkageError e) {
      return body; // no JSON object (no params either), or no JSON-B here
    }
  }

  /** Built on the first dead letter with params only. */
  private static final class Json {
    static final jakarta.json.bind.Jsonb JSONB = jakarta.json.bind.JsonbBuilder.create();
  }

  /** Long property of a report batch: its run. */
  public static final String RUN_PROPERTY = "voxRun";

  /**
   * String property of a report batch: its id, so a dead-lettered batch that was stored after all
   * (its commit reached the database, the answer did not) is known without decoding it.
   */
  public static final String BATCH_PROPERTY = "voxBatch";

  /** String property on a dead-lettered message: why it was rejected. */
  public static final String REJECTED_PROPERTY = "voxRejected";

  /**
   * Reads a received message as a record of {@code expected}.
   *
   * @throws InvalidMessageException when it is not a text or bytes message, not a known type, not
   *     of the expected kind, or not valid (the caller rejects it, so it is redelivered then
   *     dead-lettered)
   */
  public <T extends Message> T decode(jakarta.jms.Message jms, Class<T> expected) {
    Message message;
    try {
      String type = jms == null ? null : jms.getStringProperty(Destinations.TYPE_PROPERTY);
      if (jms instanceof TextMessage text) {
        message = codec.decode(type, text.getText());
      } else if (jms instanceof BytesMessage bytes) {
        message = codec.decode(type, bytes.getBody(byte[].class));
      } else {
        throw new InvalidMessageException(
            "not a text or bytes message: "
                + (jms == null ? "null" : jms.getClass().getSimpleName()));
      }
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
