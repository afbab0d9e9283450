package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlowFloorsTest {
  @Test
  void theFloorIsTheLowestOfTheKeptHighestOnceThereAreEnough() {
    SlowFloors floors = new SlowFloors(3);
    assertEquals(Long.MIN_VALUE, floors.floor(1, 1), "nothing known: any result is a candidate");
    floors.committed(1, 1, new long[] {50, 10});
    assertEquals(Long.MIN_VALUE, floors.floor(1, 1), "fewer than kept");
    floors.committed(1, 1, new long[] {30, 5, 70});
    assertEquals(30, floors.floor(1, 1), "the third highest of 50, 10, 30, 5, 70");
    floors.committed(1, 1, new long[] {40, 20});
    assertEquals(40, floors.floor(1, 1));
    assertEquals(Long.MIN_VALUE, floors.floor(1, 2), "per action");
    assertEquals(Long.MIN_VALUE, floors.floor(2, 1), "per run");
    floors.forget(1);
    assertEquals(Long.MIN_VALUE, floors.floor(1, 1), "a deleted run starts over");
  }

  /**
   * What the collector writes with the floors, batch after batch, holds the slowest {@code kept} of
   * all: the report's answer does not change.
   */
  @Test
  void candidatesAboveTheFloorKeepTheSlowestOfAllBatches() {
    int kept = 10;
    SlowFloors floors = new SlowFloors(kept);
    java.util.Random rnd = new java.util.Random(3);
    java.util.List<Long> all = new java.util.ArrayList<>();
    java.util.List<Long> written = new java.util.ArrayList<>();
    for (int batch = 0; batch < 200; batch++) {
      long[] top =
          rnd.longs(500, 0, 1_000_000)
              .peek(all::add)
              .boxed()
              .sorted((a, b) -> Long.compare(b, a))
              .limit(kept)
              .mapToLong(Long::longValue)
              .toArray();
      long floor = floors.floor(1, 1);
      long[] candidates = java.util.Arrays.stream(top).filter(l -> l >= floor).toArray();
      java.util.Arrays.stream(candidates).forEach(written::add);
      floors.committed(1, 1, candidates);
    }
    all.sort(java.util.Comparator.reverseOrder());
    written.sort(java.util.Comparator.reverseOrder());
    assertEquals(all.subList(0, kept), written.subList(0, kept));
    assertEquals(true, written.size() < 200 * kept / 4, "far fewer written: " + written.size());
  }
}
