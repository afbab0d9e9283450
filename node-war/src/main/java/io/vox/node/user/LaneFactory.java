package io.vox.node.user;

import java.net.URI;
import java.util.List;

/** Opens the lanes (one per event loop) through which a run's users reach the target. */
public interface LaneFactory {
  /**
   * Opens a run's lanes to {@code target}, with {@code connections} keep-alive connections in all
   * (0 for the factory's setting), over HTTP/2 when {@code http2}, else HTTP/1.1.
   */
  Lanes open(URI target, int requestTimeoutMs, int connections, boolean http2);

  /** The lanes of one run; closing them closes their connections. */
  interface Lanes extends AutoCloseable {
    List<HttpLane> lanes();

    @Override
    void close();
  }
}
