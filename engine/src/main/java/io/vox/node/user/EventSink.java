package io.vox.node.user;

import io.vox.messaging.NodeEvent;

/** Sends node events to the master. May block briefly; never called on an event loop. */
public interface EventSink {
  void send(NodeEvent event);
}
