package io.vox.messaging.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Think;
import io.vox.messaging.scenario.WebSocketStep;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {
  private static final MessageCodec CODEC = new MessageCodec();
  private static final int V = Message.SCHEMA_VERSION;

  static Stream<Message> messages() {
    Step login =
        new Step(
            new Request(
                "login",
                "POST",
                "/api/login",
                Map.of("Content-Type", "application/json"),
                "{\"user\":\"${creds.login}\"}",
                List.of(new Check(200, null, null, null, null)),
                List.of(new Extract("token", "$.token", null, null))),
            null,
            null);
    Step post =
        new Step(
            new Request(
                null,
                "POST",
                "/api/messages",
                Map.of("Authorization", "Bearer ${token}"),
                "{\"text\":\"a${action}\"}",
                List.of(new Check(null, "$.ok", "true", null, 250)),
                List.of()),
            null,
            null);
    Step think = new Step(null, new Think(null, 100, 200, null), null);
    Step ws =
        new Step(
            null,
            null,
            new WebSocketStep(
                "expect",
                null,
                Map.of(),
                null,
                List.of(new Check(null, null, null, "echo", null)),
                List.of(new Extract("n", "$.n", null, null)),
                3000));
    Scenario scenario =
        new Scenario(
            List.of(login),
            List.of(
                new Action("post", 3, List.of(post, think, ws), "auto", 0, 0, 60_000, 0, 0, 0, 0)),
            List.of(
                new Feeder(
                    "creds",
                    "unique",
                    List.of("login"),
                    List.of(List.of("alice"), List.of("bob")))),
            1000,
            0,
            false);
    return Stream.of(
        new StartRun(
            V,
            7,
            "http://127.0.0.1:18300",
            5000,
            scenario,
            List.of(new NodeSlice("n1", 0, 500), new NodeSlice("n2", 500, 500))),
        new RunAction(V, 7, 2),
        new StopRun(V, 7),
        new NodeHeartbeat(
            V, "n1", 1_700_000_000_000L, 500, "host-1", 0.25, 64 << 20, 512 << 20, 50_000),
        new NodeReady(V, 7, "n1", 499, 1),
        new ReportBatch(
            V,
            "b-1",
            7,
            "n1",
            List.of(
                UserResult.once(
                    3, 1, 1_699_999_999_999_000L, 1_700_000_000_000_000L, 1234, 201, null),
                UserResult.once(
                    4, 1, 1_700_000_000_000_100L, 1_700_000_000_000_100L, 0, 0, "connect refused")),
            List.of(
                new LatencyHistogram(
                    1,
                    "HISTFAAAAB94nJNpmSzMwMDAxQABzFCaEUrLMCgpKCrYGH4CABcgAiY=",
                    "HISTFAAAAB94nJNpmSzMwMDAxQABzFCaEUrLMCgpKCrYGH4CABcgAiY=",
                    null))));
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
        CODEC
            .encode(message)
            .replaceFirst("\"schemaVersion\":" + V + ",|,?\"schemaVersion\":" + V, "");
    var e =
        assertThrows(
            InvalidMessageException.class, () -> CODEC.decode(MessageCodec.typeOf(message), json));
    assertTrue(e.getMessage().contains("schemaVersion"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void rejectsAnUnknownMajorVersion(Message message) {
    String json =
        CODEC.encode(message).replace("\"schemaVersion\":" + V, "\"schemaVersion\":" + (V + 1));
    var e =
        assertThrows(
            InvalidMessageException.class, () -> CODEC.decode(MessageCodec.typeOf(message), json));
    assertTrue(
        e.getMessage().contains("schemaVersion " + (V + 1) + " is not supported"), e.getMessage());
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
