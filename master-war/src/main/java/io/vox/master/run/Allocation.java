package io.vox.master.run;

import io.vox.messaging.NodeSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a run's users over nodes as contiguous id ranges: in proportion to the nodes' capacities
 * when every node states one, else in equal shares (sizes differing by at most one). Remainders go
 * to the nodes with the largest fractional share, the first of them on a tie, so the split is
 * deterministic.
 */
public final class Allocation {
  private Allocation() {}

  public static List<NodeSlice> split(int users, List<NodeRegistry.NodeInfo> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no node to allocate " + users + " users to");
    }
    boolean weighted = nodes.stream().allMatch(n -> n.capacity() > 0);
    long total = weighted ? nodes.stream().mapToLong(NodeRegistry.NodeInfo::capacity).sum() : 0;
    int n = nodes.size();
    long[] share = new long[n];
    long[] remainder = new long[n]; // numerator of each share's fraction, over total (or n)
    long given = 0;
    for (int i = 0; i < n; i++) {
      long weight = weighted ? nodes.get(i).capacity() : 1;
      long over = weighted ? total : n;
      share[i] = users * weight / over;
      remainder[i] = users * weight % over;
      given += share[i];
    }
    for (long left = users - given; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < n; i++) {
        if (remainder[i] > remainder[best]) {
          best = i;
        }
      }
      share[best]++;
      remainder[best] = -1;
    }
    List<NodeSlice> slices = new ArrayList<>(n);
    long first = 0;
    for (int i = 0; i < n; i++) {
      slices.add(new NodeSlice(nodes.get(i).nodeId(), first, (int) share[i]));
      first += share[i];
    }
    return slices;
  }
}
