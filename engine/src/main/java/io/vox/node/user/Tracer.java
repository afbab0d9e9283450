package io.vox.node.user;

import io.vox.node.user.HttpLane.HttpResult;
import java.util.List;

/**
 * Sees what each user does, step by step: for {@code vox try}, which runs a plan for a few users
 * and prints every request. Called on the users' event loops; a run without one pays nothing.
 */
public interface Tracer {
  /**
   * A request's outcome: its result (with its {@link HttpLane.Trace}), and each check and
   * extraction it ran as a line ("ok status 200", "FAIL $.name is a, expected b", "token = x").
   *
   * @param action 0 while connecting, else the bulk action
   */
  void request(long user, int action, String step, HttpResult result, List<String> outcome);

  /** Something else a user did or met: a think time, a WebSocket event, its action's end. */
  void note(long user, int action, String text);
}
