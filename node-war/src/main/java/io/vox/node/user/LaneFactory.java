package io.vox.node.user;

import java.net.URI;
import java.util.List;

/** Opens the lanes (one per event loop) through which a run's users reach the target. */
public interface LaneFactory {
  /**
   * Opens a run's lanes to {@code target}, with {@code connections} keep-alive connections in all
   * (0 for the factory's setting).
   */
  Lanes open(URI target, int requestTimeoutMs, int connections);

  /** The lanes of one run; closing them closes their connections. */
  interface Lanes extends AutoCloseable {
    List<HttpLane> lanes();

    @Override
    void close();
  }
}
