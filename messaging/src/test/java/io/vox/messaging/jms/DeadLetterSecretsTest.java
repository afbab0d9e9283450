package io.vox.messaging.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Message;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.StartRun;
import io.vox.messaging.json.MessageCodec;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterSecretsTest {
  @Test
  void aStartRunThatIsDeadLetteredKeepsNoSecret() {
    String json =
        new MessageCodec()
            .encode(
                new StartRun(
                    Message.SCHEMA_VERSION,
                    7,
                    "http://127.0.0.1",
                    1000,
                    new Scenario(
                        List.of(), List.of(), List.of(), 0, 0, HttpOptions.DEFAULT, List.of()),
                    List.of(new NodeSlice("n1", 0, 1)),
                    Map.of("token", "s3cr3t")));
    assertTrue(json.contains("s3cr3t"), json);
    String kept = JmsMessages.withoutSecrets(json);
    assertFalse(kept.contains("s3cr3t"), kept);
    assertTrue(kept.contains("\"token\":\"******\""), kept);
    assertEquals("{\"x\": 1}", JmsMessages.withoutSecrets("{\"x\": 1}"));
    assertEquals("not json \"params\"", JmsMessages.withoutSecrets("not json \"params\""));
  }
}
