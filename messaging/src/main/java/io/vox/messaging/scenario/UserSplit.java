package io.vox.messaging.scenario;

import java.util.Arrays;

/**
 * Which group each user of a run is in, the same on every node whatever their number. User {@code
 * u} of {@code n} takes position {@code u * m mod n}, where {@code m}, coprime with {@code n} and
 * near {@code n} times the golden ratio's fraction, makes a bijection that spreads consecutive
 * users evenly (a Weyl sequence); group {@code g} holds the positions of its block, so the counts
 * are exact, any range of users (a node's slice, the first users of a ramp-up) holds each group
 * near its share, and a user's rank in its group is its place in the block. Membership is one
 * {@code MOD} in SQL.
 */
public final class UserSplit {
  private static final double GOLDEN_FRACTION = 0.6180339887498949;
  private final long users;
  private final long multiplier;
  private final long[] starts; // block g is [starts[g], starts[g + 1])

  private UserSplit(long users, long[] counts) {
    this.users = users;
    this.multiplier = multiplier(users);
    this.starts = new long[counts.length + 1];
    for (int g = 0; g < counts.length; g++) {
      starts[g + 1] = starts[g] + counts[g];
    }
    if (starts[counts.length] != users) {
      throw new IllegalArgumentException(
          "the groups hold " + starts[counts.length] + " users, the run has " + users);
    }
  }

  /** The split of {@code users} into groups of {@code counts} users (they add up to users). */
  public static UserSplit of(long users, long... counts) {
    return new UserSplit(users, counts.length == 0 ? new long[] {users} : counts.clone());
  }

  /** The split of a scenario's users: one group for a scenario without groups. */
  public static UserSplit of(long users, Scenario scenario) {
    return of(users, scenario.groups().stream().mapToLong(Group::users).toArray());
  }

  /**
   * {@code users} shared in proportion to {@code weights} by largest remainder: each gets the whole
   * part of its quota, then the users left go one each to the largest fractions (the first on a
   * tie).
   */
  public static long[] byWeight(long users, java.math.BigDecimal... weights) {
    java.math.BigDecimal total = java.math.BigDecimal.ZERO;
    for (java.math.BigDecimal w : weights) {
      total = total.add(w);
    }
    long[] counts = new long[weights.length];
    java.math.BigDecimal[] fractions = new java.math.BigDecimal[weights.length];
    long given = 0;
    for (int g = 0; g < weights.length; g++) {
      java.math.BigDecimal[] qr =
          java.math.BigDecimal.valueOf(users).multiply(weights[g]).divideAndRemainder(total);
      counts[g] = qr[0].longValueExact();
      fractions[g] = qr[1]; // the quota's fraction, times total
      given += counts[g];
    }
    for (long left = users - given; left > 0; left--) {
      int best = -1;
      for (int g = 0; g < weights.length; g++) {
        if (fractions[g] != null && (best < 0 || fractions[g].compareTo(fractions[best]) > 0)) {
          best = g;
        }
      }
      counts[best]++;
      fractions[best] = null;
    }
    return counts;
  }

  private static long multiplier(long n) {
    long m = Math.max(1, Math.round(n * GOLDEN_FRACTION));
    while (gcd(m, n) != 1) {
      m++;
    }
    return m;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  public int groups() {
    return starts.length - 1;
  }

  /** Users of group {@code g}. */
  public long count(int g) {
    return starts[g + 1] - starts[g];
  }

  private long position(long user) {
    return Math.floorMod(user * multiplier, users); // users < 2^31, so no overflow
  }

  /** The group of user {@code user} (0 to users - 1). */
  public int groupOf(long user) {
    int i = Arrays.binarySearch(starts, position(user));
    if (i >= 0) {
      while (i + 1 < starts.length && starts[i + 1] == starts[i]) {
        i++; // empty groups share their start with the next
      }
      return i;
    }
    return -i - 2;
  }

  /** The place of user {@code user} in its group: 0 to the group's count - 1, each once. */
  public long rankOf(long user) {
    return position(user) - starts[groupOf(user)];
  }

  /**
   * The place of user {@code user} among the users of the groups {@code in} selects (it must be one
   * of them): 0 to their count - 1, each once. The groups are interleaved by share (the user of
   * rank k of a group of c users stands at (k + 0.5) / c, ties by group), and each group's ranks
   * are mixed over user numbers, so the first ranks hold every group in proportion and users of
   * every node.
   */
  public long rankAmong(long user, boolean[] in) {
    int g = groupOf(user);
    long k = rankOf(user);
    java.math.BigInteger c = java.math.BigInteger.valueOf(count(g));
    long rank = 0;
    for (int h = 0; h < groups(); h++) {
      long ch = count(h);
      if (!in[h] || ch == 0) {
        continue;
      }
      if (h == g) {
        rank += k;
        continue;
      }
      // the users j of group h before it: (2j + 1) c < (2k + 1) ch, or = for an earlier group
      java.math.BigInteger x =
          java.math.BigInteger.valueOf(2 * k + 1).multiply(java.math.BigInteger.valueOf(ch));
      long bound =
          (h < g ? x.divide(c) : x.subtract(java.math.BigInteger.ONE).divide(c)).longValue();
      rank += Math.min(ch, (bound + 1) / 2); // the odd numbers 2j + 1 up to bound
    }
    return rank;
  }

  /** A SQL expression of the group of the user whose id is {@code column}. */
  public String sqlGroup(String column) {
    if (groups() == 1) {
      return "0";
    }
    StringBuilder sql = new StringBuilder("CASE");
    String position = "MOD(" + column + " * " + multiplier + ", " + users + ")";
    for (int g = 0; g < groups() - 1; g++) {
      sql.append(" WHEN ").append(position).append(" < ").append(starts[g + 1]);
      sql.append(" THEN ").append(g);
    }
    return sql.append(" ELSE ").append(groups() - 1).append(" END").toString();
  }

  /** The users of the groups {@code in} selects (e.g. those that take part in an action). */
  public Members members(boolean[] in) {
    return new Members(this, in.clone());
  }

  /** The users of some groups of a split. */
  public record Members(UserSplit split, boolean[] in) {
    /** Whether every user of the run is one. */
    public boolean everyone() {
      for (int g = 0; g < in.length; g++) {
        if (!in[g] && split.count(g) > 0) {
          return false;
        }
      }
      return true;
    }

    /** Whether {@code user} is one. */
    public boolean has(long user) {
      return in[split.groupOf(user)];
    }

    /** How many of the users {@code first} to {@code last} are. */
    public long count(long first, long last) {
      if (everyone()) {
        return last - first + 1;
      }
      long n = 0;
      for (long u = first; u <= last; u++) {
        n += has(u) ? 1 : 0;
      }
      return n;
    }

    /** A SQL condition true for them, over the user id {@code column}. */
    public String sql(String column) {
      return split.sqlMembers(column, in);
    }
  }

  /**
   * A SQL condition true for the users in the groups {@code in} selects, over the user id {@code
   * column}: a MOD and the blocks' bounds; {@code TRUE} when every user is in.
   */
  public String sqlMembers(String column, boolean[] in) {
    java.util.List<String> ranges = new java.util.ArrayList<>();
    for (int g = 0; g < groups(); g++) {
      if (!in[g] || count(g) == 0) {
        continue;
      }
      long from = starts[g];
      while (g + 1 < groups() && (in[g + 1] || count(g + 1) == 0)) {
        g++; // adjacent blocks make one range
      }
      if (from == 0 && starts[g + 1] == users) {
        return "TRUE";
      }
      ranges.add(
          "MOD("
              + column
              + " * "
              + multiplier
              + ", "
              + users
              + ") BETWEEN "
              + from
              + " AND "
              + (starts[g + 1] - 1));
    }
    return ranges.isEmpty() ? "FALSE" : "(" + String.join(" OR ", ranges) + ")";
  }
}
