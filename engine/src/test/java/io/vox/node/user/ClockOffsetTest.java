package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClockOffsetTest {
  @Test
  void theExchangeWithTheShortestWayWinsAndBoundsTheError() {
    ClockOffset c = new ClockOffset();
    assertEquals(-1, c.errorMs(), "no estimate yet");
    assertEquals(0, c.offsetMs());
    // master 1000 ms ahead; 10 ms each way, held 50 ms on the master
    c.exchange(0, 1_010, 1_060, 70);
    assertEquals(1_000, c.offsetMs());
    assertEquals(10, c.errorMs());
    // a busy broker: 400 ms one way, 10 the other; its estimate is off by 195, bounded by 205
    c.exchange(100, 1_500, 1_510, 520);
    assertEquals(1_000, c.offsetMs(), "the narrower exchange still wins");
    // a narrower one later takes over
    c.exchange(200, 1_201, 1_209, 210);
    assertEquals(1_000, c.offsetMs());
    assertEquals(1, c.errorMs());
    // stamps that contradict each other are no exchange
    c.exchange(500, 1_500, 1_400, 600);
    assertEquals(1, c.errorMs());
  }

  @Test
  void onlyTheLastExchangesCount() {
    ClockOffset c = new ClockOffset();
    c.exchange(0, 1_000, 1_000, 0); // 0 ms round trip, offset 1000
    for (int i = 0; i < ClockOffset.KEPT; i++) {
      c.exchange(10_000, 12_010, 12_010, 10_020); // offset 2000 within 10
    }
    assertEquals(2_000, c.offsetMs(), "the old exact one was pushed out: the clock may drift");
    assertEquals(10, c.errorMs());
  }
}
