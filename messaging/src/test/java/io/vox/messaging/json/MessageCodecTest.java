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
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Part;
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
                List.of(new Extract("token", "$.token", null, null)),
                null,
                null,
                null,
                null),
            null,
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
                List.of(),
                false,
                Map.of("a", "${user}"),
                List.of(new Part("p", null, "AAEC", "f.bin", "image/png")),
                "AAEC"),
            null,
            null,
            null);
    Step think = new Step(null, new Think(null, 100, 200, null), null, null);
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
                3000),
            null);
    Step logic =
        new Step(
            null,
            null,
            null,
            new io.vox.messaging.scenario.Logic(
                "if",
                "token",
                null,
                "a${user}",
                null,
                null,
                null,
                null,
                null,
                List.of(think),
                List.of(
                    new Step(
                        null,
                        null,
                        null,
                        new io.vox.messaging.scenario.Logic(
                            "forEach",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            "n",
                            "e",
                            List.of(post),
                            null,
                            null))),
                List.of(new io.vox.messaging.scenario.Logic.Branch(2.5, List.of(think)))));
    Scenario scenario =
        new Scenario(
            List.of(login),
            List.of(
                new Action(
                    "post",
                    3,
                    List.of(post, think, ws, logic),
                    "auto",
                    0,
                    0,
                    60_000,
                    0,
                    0,
                    0,
                    0,
                    250.5,
                    null,
                    null)),
            List.of(
                new Feeder(
                    "creds",
                    "unique",
                    List.of("login"),
                    List.of(List.of("alice"), List.of("bob")))),
            1000,
            0,
            new HttpOptions(
                HttpOptions.HTTP_2,
                new HttpOptions.Tls(
                    "-----BEGIN CERTIFICATE-----\n",
                    true,
                    List.of("TLSv1.3"),
                    List.of("X25519", "P-256"),
                    "cert",
                    "key",
                    "AAEC",
                    "secret"),
                Map.of("shop.test", "127.0.0.1,127.0.0.2"),
                1024,
                "http://vox:secret@127.0.0.1:3128",
                true),
            List.of());
    return Stream.of(
        new StartRun(
            V,
            7,
            "http://127.0.0.1:18300",
            5000,
            scenario,
            List.of(new NodeSlice("n1", 0, 500), new NodeSlice("n2", 500, 500)),
            java.util.Map.of("token", "s3cr\"t", "pw", "é")),
        new RunAction(V, 7, 2, 0),
        new RunAction(V, 7, 3, 1_700_000_000_123L),
        new StopRun(V, 7),
        new io.vox.messaging.ActiveRuns(V, 9, List.of(7L, 9L)),
        new io.vox.messaging.ClockEchoes(
            V,
            1_700_000_001_000L,
            List.of(
                new io.vox.messaging.ClockEcho("n1", 1_699_999_995_000L, 1_700_000_000_010L),
                new io.vox.messaging.ClockEcho("n2", 1_700_000_000_400L, 1_700_000_000_402L))),
        new NodeHeartbeat(
            V,
            "n1",
            1_700_000_000_000L,
            500,
            "host-1",
            0.25,
            64 << 20,
            512 << 20,
            50_000,
            "3f2a9c",
            2,
            true,
            -5_012,
            4),
        new NodeReady(V, 7, "n1", 499, 1, "3f2a9c"),
        new io.vox.messaging.MasterPing(V, 1_700_000_000_000L),
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
                    null))),
        // the request phases of an action with no row yet (a loop's iterations): dns left out
        new ReportBatch(
            V,
            "b-2",
            7,
            "n1",
            io.vox.messaging.ResultRows.of(List.<UserResult>of()),
            List.of(
                new LatencyHistogram(
                    2, H, H, H, null, H, H, H, H, 17, H, 12_345, 400), // what the node measured
                new LatencyHistogram(3, H, H, null, H, null, null, H, H)),
            List.of(
                new io.vox.messaging.RequestHistogram(
                    2, 0, 1, 9, 2, H, H, 5_000_000_000L, 1, 2, 3, 4, 5, 6),
                new io.vox.messaging.RequestHistogram(
                    3, 2, 0, 4, 4, null, null, 0, 0, 0, 0, 0, 0, 0))));
  }

  private static final String H = "HISTFAAAAB94nJNpmSzMwMDAxQABzFCaEUrLMCgpKCrYGH4CABcgAiY=";

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

  /** The batch the collector reads most, through its streaming reader (ReportBatchReader). */
  private static String batchJson() {
    return CODEC.encode(
        new ReportBatch(
            V,
            "b-9",
            7,
            "n1",
            List.of(
                new UserResult(5, 2, 10, 20, 30, 200, null, 4, 1, 40),
                UserResult.once(6, 2, 11, 0, 0, 0, "connect refused: \"x\" \u00e9")),
            List.of(new LatencyHistogram(2, "h", "c", null))));
  }

  @org.junit.jupiter.api.Test
  void aBatchReadsBackWithLoopsWaitsEscapesAndNulls() {
    ReportBatch b = (ReportBatch) CODEC.decode("ReportBatch", batchJson());
    assertEquals(new UserResult(5, 2, 10, 20, 30, 200, null, 4, 1, 40), b.results().get(0));
    assertEquals(40, b.results().get(0).queuedUs());
    assertEquals("connect refused: \"x\" \u00e9", b.results().get(1).error());
    assertEquals(null, b.histograms().get(0).dispatchHdr());
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> badBatches() {
    String row = "2\t5\t10\t20\t30\t200\t\\N\t4\t1\t40\t0\n";
    return Stream.of(
            new String[] {
              row, "2\t5\t10\t20\t30\t2x0\t\\N\t4\t1\t40\t0\n", "results[0][5] (status)"
            },
            new String[] {row, "2\t5\t10\t20\t30\t200\t\\N\t4\t1\n", "results[0]: 9 values"},
            new String[] {row, "2\t5\t10\t20\t30\t200\t\\N\t4\t1\t4x\t0\n", "(queued_us)"},
            new String[] {row, "", "results: 1 rows, the header says 2"},
            new String[] {"\"rows\":2", "\"rows\":3", "results: 2 rows, the header says 3"},
            new String[] {"\"rows\":2,", "", "field 'rows' is missing"},
            new String[] {"}\n2\t5", "} 2\t5", "after a newline"},
            new String[] {"\"hdr\":\"h\"", "\"hdr\":7", "field 'hdr' must be a string"},
            new String[] {
              "\"hdr\":\"h\"",
              "\"spare\":0,\"hdr\":\"h\"",
              "unknown field 'spare' in LatencyHistogram"
            },
            new String[] {
              "\"histograms\":[", "\"histograms\":[1,", "histograms: each must be an object"
            },
            new String[] {"\"rows\":2", "\"results\":[]", "unknown field 'results' in ReportBatch"},
            new String[] {
              "\"schemaVersion\":" + V, "\"schemaVersion\":4", "schemaVersion 4 is not supported"
            })
        .map(a -> org.junit.jupiter.params.provider.Arguments.of((Object[]) a));
  }

  @ParameterizedTest
  @MethodSource("badBatches")
  void aBadBatchIsRefusedNamingWhatIsWrong(String from, String to, String reason) {
    String json = batchJson().replaceFirst(java.util.regex.Pattern.quote(from), to);
    assertTrue(!json.equals(batchJson()), "the mutation applies: " + from);
    var e = assertThrows(InvalidMessageException.class, () -> CODEC.decode("ReportBatch", json));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
          "errors":2|"errors":10|errors 0 to count
          "step":1|"step":-1|group and step 0 or more
          "count":4,"errors":4|"count":4,"errors":3|for the requests that passed
          "step":1|"stp":1|unknown field 'stp' in RequestHistogram
          """)
  void badRequestFiguresAreRefused(String from, String to, String reason) {
    String json =
        CODEC.encode(
            messages()
                .filter(m -> m instanceof ReportBatch b && b.batchId().equals("b-2"))
                .findFirst()
                .orElseThrow());
    String bad = json.replaceFirst(java.util.regex.Pattern.quote(from), to);
    assertTrue(!bad.equals(json), "the mutation applies: " + from);
    var e = assertThrows(InvalidMessageException.class, () -> CODEC.decode("ReportBatch", bad));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void theHeaderIsJsonAndTheResultsFollowAsTheTextTheDatabaseLoads() {
    assertEquals(
        "{\"schemaVersion\":"
            + V
            + ",\"batchId\":\"b-9\",\"runId\":7,\"nodeId\":\"n1\",\"rows\":2,"
            + "\"histograms\":[{\"action\":2,\"hdr\":\"h\",\"correctedHdr\":\"c\"}]}\n"
            + "2\t5\t10\t20\t30\t200\t\\N\t4\t1\t40\t0\n"
            + "2\t6\t11\t0\t0\t0\tconnect refused: \"x\" \u00e9\t0\t0\t0\t0\n",
        batchJson());
    String header = batchJson().substring(0, batchJson().indexOf('\n'));
    assertTrue(parse(header).containsKey("rows"), "valid JSON");
  }

  @org.junit.jupiter.api.Test
  void theBatchAsBytesIsItsJsonInUtf8AndReadsBack() {
    ReportBatch b = (ReportBatch) CODEC.decode("ReportBatch", batchJson());
    byte[] bytes = CODEC.encodeBytes(b);
    assertEquals(batchJson(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(b, CODEC.decode("ReportBatch", bytes));
    var e =
        assertThrows(
            InvalidMessageException.class,
            () -> CODEC.decode("ReportBatch", java.util.Arrays.copyOf(bytes, bytes.length - 3)));
    assertTrue(e.getMessage().contains("results[1][9] (queued_us) is cut off"), e.getMessage());
  }

  private static jakarta.json.JsonObject parse(String json) {
    try (var r = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
      return r.readObject();
    }
  }

  @org.junit.jupiter.api.Test
  void textAfterTheBatchIsRefused() {
    var e =
        assertThrows(
            InvalidMessageException.class, () -> CODEC.decode("ReportBatch", batchJson() + " {}"));
    assertTrue(e.getMessage().contains("results[2][0] (action) must be"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aTruncatedBatchIsNotValidJson() {
    String json = batchJson().substring(0, batchJson().length() / 2);
    var e = assertThrows(InvalidMessageException.class, () -> CODEC.decode("ReportBatch", json));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
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
