package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockOffsetTest {
  @Test
  void theExchangeWithTheShortestWayWinsAndBoundsTheError() {
    ClockOffset c = new ClockOffset();
    assertEquals(new ClockOffset.Estimate(0, -1), c.estimate(0), "no estimate yet");
    assertFalse(c.estimate(0).usable());
    // master 1000 ms ahead; 10 ms each way, held 50 ms on the master
    c.exchange(0, 1_010, 1_060, 70);
    assertEquals(new ClockOffset.Estimate(1_000, 10), c.estimate(70));
    assertTrue(c.estimate(70).usable());
    // a busy broker: 400 ms one way, 10 the other; its estimate is off by 195, bounded by 205
    c.exchange(100, 1_500, 1_510, 520);
    assertEquals(new ClockOffset.Estimate(1_000, 10), c.estimate(520), "the narrower one wins");
    // a narrower one later takes over
    c.exchange(200, 1_201, 1_209, 210);
    assertEquals(new ClockOffset.Estimate(1_000, 1), c.estimate(210));
    // stamps that contradict each other are no exchange
    c.exchange(500, 1_500, 1_400, 600);
    assertEquals(1, c.estimate(600).errorMs());
  }

  @Test
  void onlyRecentExchangesCountAndAVagueEstimatePlacesNoStart() {
    ClockOffset c = new ClockOffset();
    c.exchange(0, 1_000, 1_000, 0); // 0 ms round trip, offset 1000
    for (int i = 0; i < ClockOffset.KEPT; i++) {
      c.exchange(10_000, 12_010, 12_010, 10_020); // offset 2000 within 10
    }
    assertEquals(
        new ClockOffset.Estimate(2_000, 10),
        c.estimate(10_020),
        "the old exact one was pushed out: the clock may drift");
    assertEquals(
        new ClockOffset.Estimate(0, -1),
        c.estimate(10_020 + ClockOffset.MAX_AGE_MS + 1),
        "no echo for a minute: no estimate, rather than a stale one");

    ClockOffset vague = new ClockOffset();
    vague.exchange(0, 1_000, 1_000, 400); // 400 ms round trip
    assertEquals(200, vague.estimate(400).errorMs());
    assertFalse(vague.estimate(400).usable(), "within 200 ms is too vague to place a start");
  }
}
