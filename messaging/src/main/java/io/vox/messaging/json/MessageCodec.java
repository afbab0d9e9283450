package io.vox.messaging.json;

import io.vox.messaging.ActiveRuns;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.MasterPing;
import io.vox.messaging.Message;
import io.vox.messaging.NodeHeartbeat;
import io.vox.messaging.NodeReady;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes and reads message records as JSON text. The type travels beside the text (the JMS property
 * {@code voxType}), the schema version inside it. Unknown fields, missing fields and an unsupported
 * schema version are rejected with an {@link InvalidMessageException} naming them. Thread-safe;
 * build one per application.
 */
public final class MessageCodec implements AutoCloseable {
  private static final Map<String, Class<? extends Message>> TYPES =
      Stream.of(
              StartRun.class,
              RunAction.class,
              StopRun.class,
              ActiveRuns.class,
              io.vox.messaging.ClockEchoes.class,
              NodeHeartbeat.class,
              NodeReady.class,
              MasterPing.class,
              ReportBatch.class)
          .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

  private final Jsonb jsonb =
      JsonbBuilder.create(
          new JsonbConfig()
              .withNullValues(false)
              .setProperty("jsonb.fail-on-unknown-properties", true));

  /** The type name written beside the JSON text of {@code message}. */
  public static String typeOf(Message message) {
    return message.getClass().getSimpleName();
  }

  public String encode(Message message) {
    if (message instanceof ReportBatch batch) {
      return ReportBatchWriter.write(batch);
    }
    return jsonb.toJson(message);
  }

  /**
   * {@code message} as JSON in UTF-8: a {@link ReportBatch} is written straight to bytes (the
   * master reads it from them without a text in between).
   */
  public byte[] encodeBytes(Message message) {
    if (message instanceof ReportBatch batch) {
      return ReportBatchWriter.writeBytes(batch);
    }
    return encode(message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads {@code utf8}, JSON in UTF-8, as a message of {@code type}; throws if either is wrong. */
  public Message decode(String type, byte[] utf8) {
    if (ReportBatch.class.getSimpleName().equals(type) && utf8 != null && utf8.length > 0) {
      try {
        return ReportBatchReader.read(utf8);
      } catch (InvalidMessageException e) {
        throw new InvalidMessageException(type + ": " + e.getMessage(), e);
      }
    }
    return decode(
        type, utf8 == null ? null : new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Reads {@code json} as a message of {@code type}; throws if either is wrong. */
  public Message decode(String type, String json) {
    Class<? extends Message> cls = type == null ? null : TYPES.get(type);
    if (cls == null) {
      throw new InvalidMessageException("unknown message type '" + type + "'");
    }
    if (json == null || json.isBlank()) {
      throw new InvalidMessageException(type + ": empty body");
    }
    if (cls == ReportBatch.class) {
      try {
        return ReportBatchReader.read(json);
      } catch (InvalidMessageException e) {
        throw new InvalidMessageException(type + ": " + e.getMessage(), e);
      }
    }
    try {
      return jsonb.fromJson(json, cls);
    } catch (JsonbException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        if (cause.getCause() instanceof InvalidMessageException invalid) {
          throw new InvalidMessageException(type + ": " + invalid.getMessage(), e);
        }
        cause = cause.getCause();
      }
      throw new InvalidMessageException(type + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      jsonb.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing JSON-B", e);
    }
  }
}
