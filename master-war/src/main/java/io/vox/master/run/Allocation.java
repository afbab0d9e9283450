package io.vox.master.run;

import io.vox.messaging.NodeSlice;
import java.util.ArrayList;
import java.util.List;

/** Splits a run's users over nodes: contiguous id ranges, sizes differing by at most one. */
public final class Allocation {
  private Allocation() {}

  public static List<NodeSlice> split(int users, List<String> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no node to allocate " + users + " users to");
    }
    List<NodeSlice> slices = new ArrayList<>(nodes.size());
    long first = 0;
    for (int i = 0; i < nodes.size(); i++) {
      int share = users / nodes.size() + (i < users % nodes.size() ? 1 : 0);
      slices.add(new NodeSlice(nodes.get(i), first, share));
      first += share;
    }
    return slices;
  }
}
