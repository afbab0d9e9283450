package io.vox.node.user;

import io.vox.messaging.scenario.HttpOptions;
import java.net.URI;
import java.util.List;

/** Opens the lanes (one per event loop) through which a run's users reach the target. */
public interface LaneFactory {
  /**
   * Opens a run's lanes to {@code target} (the base of relative URLs) and any other origin its
   * requests name, with {@code connections} keep-alive connections per origin (0 for the factory's
   * setting), speaking HTTP as {@code http} says.
   *
   * @throws IllegalArgumentException when {@code http} cannot be used (a bad CA or host address)
   */
  Lanes open(URI target, int requestTimeoutMs, int connections, HttpOptions http);

  /** The lanes of one run; closing them closes their connections. */
  interface Lanes extends AutoCloseable {
    List<HttpLane> lanes();

    @Override
    void close();
  }
}
