package io.vox.master.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Message;
import io.vox.messaging.NodeHeartbeat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
  private static NodeHeartbeat beat(String id) {
    return new NodeHeartbeat(
        Message.SCHEMA_VERSION, id, 0, 10, "h", 0.1, 1, 2, 100, "i-1", 0, false, 0, -1);
  }

  @Test
  void eachNodesLastHeartbeatIsEchoedOnceWithItsStampAndItsArrival() {
    NodeRegistry r = new NodeRegistry(3_000, 0);
    r.heartbeat(
        new NodeHeartbeat(
            Message.SCHEMA_VERSION, "a", 900, 10, "h", 0.1, 1, 2, 100, "i-1", 0, false, 0, -1),
        1_000);
    r.heartbeat(
        new NodeHeartbeat(
            Message.SCHEMA_VERSION, "a", 1_900, 10, "h", 0.1, 1, 2, 100, "i-1", 0, false, 98, 3),
        2_005);
    assertEquals(List.of(new io.vox.messaging.ClockEcho("a", 1_900, 2_005)), r.takeEchoes());
    assertEquals(List.of(), r.takeEchoes(), "each heartbeat is echoed once");
    assertEquals(98, r.live(2_100).get(0).clockOffsetMs(), "what the node estimates is shown");
    assertEquals(3, r.live(2_100).get(0).clockErrorMs());
  }

  @Test
  void aNodeSilentLongEnoughIsForgottenAndStillCountsAsSilent() {
    NodeRegistry r = new NodeRegistry(3_000, 0);
    long forget = r.forgetAfterMs();
    r.heartbeat(beat("gone"), 1_000);
    r.heartbeat(beat("stays"), 1_000);
    assertEquals(2, r.live(2_000).size());

    for (long t = 2_000; t < forget; t += 1_000) {
      r.pinged(t); // the master hears through the broker all along
    }
    r.heartbeat(beat("stays"), forget);
    List<NodeRegistry.NodeInfo> live = r.live(forget + 1_001);
    assertEquals(List.of("stays"), live.stream().map(NodeRegistry.NodeInfo::nodeId).toList());
    assertEquals(1, r.known(), "the node silent for longer than the window is dropped");
    // a run still waiting for it sees it silent at least as long as it really was
    assertTrue(r.silentFor("gone", forget + 1_001) >= forget + 1_001 - 1_000);
  }

  @Test
  void silenceWhileTheMasterHeardNothingDoesNotCount() {
    NodeRegistry r = new NodeRegistry(3_000, 0);
    r.heartbeat(beat("a"), 1_000);
    assertTrue(r.hearing(4_000));
    assertTrue(!r.hearing(4_001), "no ping and no heartbeat for longer than the live window");
    r.pinged(60_000); // the broker is back after a minute away
    assertTrue(r.hearing(60_000));
    assertEquals(2_000, r.silentFor("a", 62_000), "silent since the master could hear again");
    assertEquals(2_000, r.silentFor("never-heard", 62_000));
  }
}
