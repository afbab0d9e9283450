package io.vox.demo;

import java.io.IOException;
import java.net.ServerSocket;

/** The ports of {@link Nginx}'s servers, one per TLS or protocol variant a client test needs. */
record NginxPorts(
    int https, int tls12, int http11Tls, int untrusted, int wrongName, int http, int mtls) {

  /**
   * Free ports on 127.0.0.1, all held open until every one is picked so none repeats; another
   * process may still take one before nginx binds it, which start reports as a failed start.
   */
  static NginxPorts pick() throws IOException {
    ServerSocket[] sockets = new ServerSocket[7];
    int[] ports = new int[sockets.length];
    try {
      for (int i = 0; i < sockets.length; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    return new NginxPorts(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6]);
  }

  int[] all() {
    return new int[] {https, tls12, http11Tls, untrusted, wrongName, http, mtls};
  }
}
