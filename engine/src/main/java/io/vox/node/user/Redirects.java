package io.vox.node.user;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Redirects as a browser follows them: which statuses are one, where it goes (its Location resolved
 * against the request's URL, RFC 3986), and which credentials stay behind.
 */
final class Redirects {
  private Redirects() {}

  /**
   * The absolute URL {@code location} names from {@code base} (absolute), without a fragment; null
   * when it is not a URL. Spaces and non-ASCII characters, which servers do send, are
   * percent-encoded first.
   */
  static String resolve(String base, String location) {
    String loc = encode(location.trim());
    int hash = loc.indexOf('#');
    if (hash >= 0) {
      loc = loc.substring(0, hash);
    }
    try {
      if (loc.startsWith("?")) { // RFC 3986 5.2.2: the base's path with this query
        int q = base.indexOf('?');
        return (q < 0 ? base : base.substring(0, q)) + loc;
      }
      URI resolved = new URI(base).resolve(new URI(loc));
      String scheme = resolved.getScheme();
      if (resolved.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return null;
      }
      return resolved.toASCIIString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String encode(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>') {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        int cp = s.codePointAt(i);
        for (byte b :
            new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          out.append('%')
              .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        i += Character.charCount(cp) - 1;
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Whether absolute URLs {@code a} and {@code b} have the same scheme and authority. */
  static boolean sameOrigin(String a, String b) {
    return origin(a).equalsIgnoreCase(origin(b));
  }

  /** "scheme://authority" of absolute {@code url}. */
  static String origin(String url) {
    int from = url.indexOf("://") + 3;
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return url.substring(0, i);
      }
    }
    return url;
  }

  /** {@code headers} (name, value, ...) without Authorization and Proxy-Authorization. */
  static String[] withoutCredentials(String[] headers) {
    java.util.List<String> kept = new java.util.ArrayList<>(headers.length);
    for (int i = 0; i < headers.length; i += 2) {
      if (!headers[i].equalsIgnoreCase("authorization")
          && !headers[i].equalsIgnoreCase("proxy-authorization")) {
        kept.add(headers[i]);
        kept.add(headers[i + 1]);
      }
    }
    return kept.toArray(String[]::new);
  }

  /** 301, 302, 303, 307 or 308: a status a user follows. */
  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
