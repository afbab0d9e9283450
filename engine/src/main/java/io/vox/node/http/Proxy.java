package io.vox.node.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A plan's HTTP proxy: where it listens, and the Basic credentials it asks for (null for none).
 * TLS, HTTP/2 and WebSocket connections go through a CONNECT tunnel; cleartext HTTP/1.1 requests go
 * to the proxy itself, their target in absolute form, as browsers send them.
 */
record Proxy(String host, int port, String user, String password) {
  /** The proxy of {@code url} ({@code http://[user:password@]host:port}), or null for none. */
  static Proxy of(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("proxy: not a URL"); // not echoed: it may hold a password
    }
    if (uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException("proxy: not http://host:port");
    }
    String info = uri.getRawUserInfo();
    String host = uri.getHost();
    host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (info == null) {
      return new Proxy(host, uri.getPort(), null, null);
    }
    int colon = info.indexOf(':');
    return new Proxy(
        host, uri.getPort(), decode(info.substring(0, colon)), decode(info.substring(colon + 1)));
  }

  /** Percent-decodes user info ("+" stays a plus: it is no form encoding). */
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The Proxy-Authorization header's value, or null without credentials. */
  String authorization() {
    return user == null
        ? null
        : "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** "host:port", for messages. */
  String authority() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return authority(); // never the password
  }
}
