package io.vox.messaging.scenario;

import java.util.List;

/**
 * Rows of data given to users, read in templates as {@code ${name.column}}. A user keeps its row
 * for the run. {@code unique}: user {@code u} gets row {@code u}, so no two users of the cluster
 * share one; {@code circular}: row {@code u mod rows}; {@code random}: a row picked at random (the
 * same for a user on every node and every repeat of the run).
 */
public record Feeder(String name, String strategy, List<String> columns, List<List<String>> rows) {
  public static final String UNIQUE = "unique";
  public static final String CIRCULAR = "circular";
  public static final String RANDOM = "random";

  public Feeder {
    columns = columns == null ? List.of() : List.copyOf(columns);
    rows = rows == null ? List.of() : rows.stream().map(List::copyOf).toList();
  }

  /** The row of user {@code user} of run {@code runId}. */
  public int rowOf(long runId, long user) {
    int n = rows.size();
    if (n == 0) {
      return -1;
    }
    return switch (strategy) {
      case CIRCULAR, UNIQUE -> (int) Math.floorMod(user, (long) n);
      default -> (int) Math.floorMod(mix(runId * 0x9E3779B97F4A7C15L + user), (long) n);
    };
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
