package io.vox.master.run;

import io.vox.messaging.ControlMessage;

/** Publishes control messages to every node (topic vox.control), in the caller's transaction. */
public interface ControlChannel {
  void publish(ControlMessage message);
}
