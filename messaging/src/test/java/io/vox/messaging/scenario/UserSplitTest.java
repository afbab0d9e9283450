package io.vox.messaging.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The split of a run's users into groups: for any users count, weights and node count, every user
 * is in exactly one group, the counts are the weights' by largest remainder, and ranks number each
 * group's users once.
 */
class UserSplitTest {
  @Property(tries = 300)
  void everyUserIsInOneGroupAndTheCountsFollowTheWeights(
      @ForAll @IntRange(min = 1, max = 20_000) int users,
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 1000) Integer> weights,
      @ForAll @IntRange(min = 1, max = 8) int nodes) {
    BigDecimal[] w = weights.stream().map(BigDecimal::valueOf).toArray(BigDecimal[]::new);
    long[] counts = UserSplit.byWeight(users, w);
    checkLargestRemainder(users, weights, counts);

    UserSplit split = UserSplit.of(users, counts);
    long[] seen = new long[counts.length];
    boolean[][] ranks = new boolean[counts.length][];
    for (int g = 0; g < counts.length; g++) {
      ranks[g] = new boolean[(int) counts[g]];
    }
    // node by node, as the nodes see their slices: the group of a user does not depend on them
    for (int n = 0; n < nodes; n++) {
      long first = (long) users * n / nodes;
      long last = (long) users * (n + 1) / nodes;
      for (long u = first; u < last; u++) {
        int g = split.groupOf(u);
        seen[g]++;
        int rank = (int) split.rankOf(u);
        assertTrue(!ranks[g][rank], "rank " + rank + " of group " + g + " given twice");
        ranks[g][rank] = true;
      }
    }
    assertArrayEquals(counts, seen);
  }

  /** Each count is its quota rounded down or up, and those rounded up had the largest fractions. */
  private static void checkLargestRemainder(int users, List<Integer> weights, long[] counts) {
    long total = weights.stream().mapToLong(Integer::longValue).sum();
    assertEquals(users, java.util.Arrays.stream(counts).sum());
    long smallestUp = Long.MAX_VALUE; // fractions as numerators over total
    long largestDown = -1;
    for (int g = 0; g < counts.length; g++) {
      long quota = (long) users * weights.get(g);
      long floor = quota / total;
      assertTrue(counts[g] == floor || counts[g] == floor + 1, "group " + g + ": " + counts[g]);
      if (counts[g] == floor + 1) {
        smallestUp = Math.min(smallestUp, quota % total);
      } else {
        largestDown = Math.max(largestDown, quota % total);
      }
    }
    assertTrue(largestDown <= smallestUp, "a smaller remainder was rounded up before a larger");
  }

  @Property(tries = 200)
  void theRanksAmongTheActingGroupsNumberTheirUsersOnce(
      @ForAll @IntRange(min = 1, max = 3000) int users,
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 9) Integer> weights,
      @ForAll @Size(min = 5, max = 5) List<Boolean> acting) {
    UserSplit split =
        UserSplit.of(
            users,
            UserSplit.byWeight(
                users, weights.stream().map(BigDecimal::valueOf).toArray(BigDecimal[]::new)));
    boolean[] in = new boolean[weights.size()];
    long members = 0;
    for (int g = 0; g < in.length; g++) {
      in[g] = acting.get(g);
      members += in[g] ? split.count(g) : 0;
    }
    boolean[] seen = new boolean[(int) members];
    for (long u = 0; u < users; u++) {
      if (in[split.groupOf(u)]) {
        long r = split.rankAmong(u, in);
        assertTrue(r >= 0 && r < members && !seen[(int) r], "rank " + r + " of " + members);
        seen[(int) r] = true;
      }
    }
  }

  @Test
  void theFirstRanksHoldEveryActingGroupInProportion() {
    UserSplit split = UserSplit.of(1000, 500, 300, 200);
    boolean[] in = {true, false, true};
    int[] seen = new int[3];
    long[] byRank = new long[700];
    for (long u = 0; u < 1000; u++) {
      if (in[split.groupOf(u)]) {
        byRank[(int) split.rankAmong(u, in)] = u;
      }
    }
    for (int r = 0; r < 700; r++) {
      seen[split.groupOf(byRank[r])]++;
      // after r + 1 users, group 0 holds 5/7 of them and group 2 2/7, within one
      assertTrue(Math.abs(seen[0] - (r + 1) * 5.0 / 7) <= 1, "rank " + r + ": " + seen[0]);
      assertTrue(Math.abs(seen[2] - (r + 1) * 2.0 / 7) <= 1, "rank " + r + ": " + seen[2]);
    }
    assertEquals(0, seen[1]);
    long low = java.util.Arrays.stream(byRank, 0, 100).filter(u -> u < 500).count();
    assertTrue(low > 30 && low < 70, "the first 100 mix user numbers (and nodes): " + low);
  }

  @Test
  void decimalWeightsShareExactly() {
    long[] counts =
        UserSplit.byWeight(
            1000, new BigDecimal("0.7"), new BigDecimal("0.25"), new BigDecimal("0.05"));
    assertArrayEquals(new long[] {700, 250, 50}, counts);
    assertArrayEquals(
        new long[] {1, 1, 0},
        UserSplit.byWeight(2, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE),
        "a tie goes to the first");
  }

  @Test
  void theGroupsAreMixedOverTheUserNumbers() {
    UserSplit split = UserSplit.of(10_000, 7_000, 2_500, 500);
    // any 100 consecutive users (the first ramp-up, a node's slice) hold each group near its share
    for (long from = 0; from + 100 <= 10_000; from += 100) {
      int[] n = new int[3];
      for (long u = from; u < from + 100; u++) {
        n[split.groupOf(u)]++;
      }
      assertTrue(
          Math.abs(n[0] - 70) <= 3 && Math.abs(n[1] - 25) <= 3 && Math.abs(n[2] - 5) <= 3,
          "users " + from + "+: " + java.util.Arrays.toString(n));
    }
  }

  @Test
  void emptyGroupsHoldNobody() {
    UserSplit split = UserSplit.of(10, 0, 10, 0);
    for (long u = 0; u < 10; u++) {
      assertEquals(1, split.groupOf(u));
    }
    assertEquals("TRUE", split.sqlMembers("u", new boolean[] {false, true, false}));
    assertEquals("FALSE", split.sqlMembers("u", new boolean[] {true, false, true}));
  }
}
