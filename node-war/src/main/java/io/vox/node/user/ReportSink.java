package io.vox.node.user;

import io.vox.messaging.UserResult;

/** Takes user results for the master; must not block (it is called on event loops). */
public interface ReportSink {
  void report(long runId, UserResult result);
}
