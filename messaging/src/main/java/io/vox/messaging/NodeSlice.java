package io.vox.messaging;

/** The users of a run given to one node: ids {@code firstUser} to {@code firstUser + users - 1}. */
public record NodeSlice(String nodeId, long firstUser, int users) {
  public NodeSlice {
    Messages.require(nodeId, "nodeId");
  }
}
