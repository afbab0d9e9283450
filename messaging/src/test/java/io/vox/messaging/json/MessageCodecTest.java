package io.vox.messaging.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.HttpStep;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.Message;
import io.vox.messaging.NodeHeartbeat;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.StopRun;
import io.vox.messaging.UserResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {
  private static final MessageCodec CODEC = new MessageCodec();

  static Stream<Message> messages() {
    HttpStep login = new HttpStep("POST", "/api/login", "{\"user\":\"u${user}\"}", "token");
    HttpStep post = new HttpStep("POST", "/api/messages", "{\"text\":\"a${action}\"}", null);
    return Stream.of(
        new StartRun(
            1,
            7,
            "http://127.0.0.1:18300",
            login,
            post,
            3,
            5000,
            List.of(new NodeSlice("n1", 0, 500), new NodeSlice("n2", 500, 500))),
        new RunAction(1, 7, 2),
        new StopRun(1, 7),
        new NodeHeartbeat(1, "n1", 1_700_000_000_000L, 500),
        new NodeReady(1, 7, "n1", 499, 1),
        new ReportBatch(
            1,
            "b-1",
            7,
            "n1",
            List.of(
                new UserResult(
                    3, 1, 1_699_999_999_999_000L, 1_700_000_000_000_000L, 1234, 201, null),
                new UserResult(
                    4, 1, 1_700_000_000_000_100L, 1_700_000_000_000_100L, 0, 0, "connect refused")),
            List.of(
                new LatencyHistogram(
                    1,
                    "HISTFAAAAB94nJNpmSzMwMDAxQABzFCaEUrLMCgpKCrYGH4CABcgAiY=",
                    "HISTFAAAAB94nJNpmSzMwMDAxQABzFCaEUrLMCgpKCrYGH4CABcgAiY="))));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTrips(Message message) {
    String json = CODEC.encode(message);
    assertEquals(message, CODEC.decode(MessageCodec.typeOf(message), json), json);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void rejectsAnUnknownField(Message message) {
    String json = CODEC.encode(message).replaceFirst("\\{", "{\"surprise\":1,");
    var e =
        assertThrows(
            InvalidMessageException.class, () -> CODEC.decode(MessageCodec.typeOf(message), json));
    assertTrue(e.getMessage().contains("surprise"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void rejectsAMissingSchemaVersion(Message message) {
    String json =
        CODEC.encode(message).replaceFirst("\"schemaVersion\":1,|,?\"schemaVersion\":1", "");
    var e =
        assertThrows(
            InvalidMessageException.class, () -> CODEC.decode(MessageCodec.typeOf(message), json));
    assertTrue(e.getMessage().contains("schemaVersion"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void rejectsAnUnknownMajorVersion(Message message) {
    String json = CODEC.encode(message).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
    var e =
        assertThrows(
            InvalidMessageException.class, () -> CODEC.decode(MessageCodec.typeOf(message), json));
    assertTrue(e.getMessage().contains("schemaVersion 2 is not supported"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void rejectsAMissingRequiredField(Message message) {
    String json = CODEC.encode(message).replaceFirst("\"nodeId\":\"n1\",|,?\"nodeId\":\"n1\"", "");
    if (json.equals(CODEC.encode(message))) {
      json =
          CODEC.encode(message).replaceFirst("\"target\":\"[^\"]*\",|,?\"target\":\"[^\"]*\"", "");
    }
    if (json.equals(CODEC.encode(message))) {
      return; // RunAction and StopRun have no required object field besides schemaVersion
    }
    String broken = json;
    var e =
        assertThrows(
            InvalidMessageException.class,
            () -> CODEC.decode(MessageCodec.typeOf(message), broken));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void rejectsAnUnknownType() {
    var e = assertThrows(InvalidMessageException.class, () -> CODEC.decode("Bogus", "{}"));
    assertTrue(e.getMessage().contains("Bogus"));
  }

  @AfterAll
  static void close() {
    CODEC.close();
  }
}
