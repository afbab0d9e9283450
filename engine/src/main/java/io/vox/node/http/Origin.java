package io.vox.node.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where connections go: scheme, host and port. {@code authority} is the Host header (the port only
 * when it is not the scheme's default).
 */
record Origin(boolean tls, String host, int port, String authority) {
  static Origin of(URI uri) {
    boolean tls =
        "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme());
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + uri);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    return new Origin(tls, host, port, uri.getPort() > 0 ? host + ":" + port : host);
  }

  /** The host without IPv6 brackets, as resolvers and SNI want it. */
  String bareHost() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** The absolute URL of {@code path} (which starts with /) on this origin. */
  String url(String path) {
    return (tls ? "https://" : "http://") + authority + path;
  }

  /** "https://host:port": the key of this origin's pool. */
  String key() {
    return (tls ? "https://" : "http://") + host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** Whether {@code url} is absolute (http:// or https://) rather than a path below the target. */
  static boolean isAbsolute(String url) {
    return url.regionMatches(true, 0, "http://", 0, 7)
        || url.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Where the path of absolute {@code url} starts (its length when it has none). */
  static int pathStart(String url) {
    int from = url.indexOf("://") + 3;
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?') {
        return i;
      }
    }
    return url.length();
  }

  /** The origin of absolute {@code url}. */
  static Origin ofUrl(String url) {
    return of(URI.create(url.substring(0, pathStart(url))));
  }
}
