package io.vox.messaging;

/** Names of the broker destinations shared by master and nodes (see DESIGN.md, "Names"). */
public final class Destinations {
  /** Multicast address (topic): master to every node. */
  public static final String CONTROL = "vox.control";

  /** Anycast queue: nodes to master, node lifecycle events. */
  public static final String EVENTS = "vox.events";

  /** Anycast queue: nodes to master, batches of user results. */
  public static final String REPORTS = "vox.reports";

  /** Anycast queue where messages that cannot be handled end, for an admin to see. */
  public static final String DEAD_LETTERS = "DLQ";

  /** JMS string property carrying the message type on every Vox message. */
  public static final String TYPE_PROPERTY = "voxType";

  private Destinations() {}
}
