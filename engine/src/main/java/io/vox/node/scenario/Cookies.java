package io.vox.node.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A user's cookie jar as a flat array of (name, value, scope) triples, null while empty: a user
 * without cookies costs nothing. A cookie goes back only to the host that set it, or with a {@code
 * Domain} attribute to that domain and its subdomains, and with {@code Secure} only over https (RFC
 * 6265; paths and expiry dates are not kept). A {@code Max-Age} of 0 or less, or an empty value,
 * removes a cookie.
 */
public final class Cookies {
  private Cookies() {}

  /**
   * The jar after {@code setCookies} (Set-Cookie header values) of a response from {@code url} (an
   * absolute URL); may return {@code jar} itself.
   */
  public static String[] update(String[] jar, List<String> setCookies, String url) {
    String host = host(url);
    for (String header : setCookies) {
      int semi = header.indexOf(';');
      String pair = semi < 0 ? header : header.substring(0, semi);
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = pair.substring(0, eq).trim();
      String value = unquote(pair.substring(eq + 1).trim());
      String attributes = semi < 0 ? "" : header.substring(semi);
      String scope = scope(attributes, host);
      if (scope == null) {
        continue; // a Domain this host may not set
      }
      boolean remove = value.isEmpty() || expired(attributes);
      jar = remove ? remove(jar, name, scope) : put(jar, name, value, scope);
    }
    return jar;
  }

  /** The Cookie header for a request to {@code url} (absolute), or null when none applies. */
  public static String header(String[] jar, String url) {
    if (jar == null || jar.length == 0) {
      return null;
    }
    String host = host(url);
    boolean https =
        url.regionMatches(true, 0, "https", 0, 5) || url.regionMatches(true, 0, "wss", 0, 3);
    StringBuilder out = null;
    for (int i = 0; i < jar.length; i += 3) {
      if (!applies(jar[i + 2], host, https)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      } else {
        out.append("; ");
      }
      out.append(jar[i]).append('=').append(jar[i + 1]);
    }
    return out == null ? null : out.toString();
  }

  /** The lower-case host of absolute {@code url}, without port or IPv6 brackets. */
  static String host(String url) {
    int from = url.indexOf("://");
    from = from < 0 ? 0 : from + 3;
    int at = url.indexOf('@', from);
    int end = url.length();
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    if (at >= 0 && at < end) {
      from = at + 1;
    }
    String authority = url.substring(from, end);
    String host;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? authority.substring(1) : authority.substring(1, close);
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /**
   * "s" or "-" (Secure), then "=host" (host only) or ".domain" (with subdomains); null when the
   * Domain attribute names a domain {@code host} is not in.
   */
  private static String scope(String attributes, String host) {
    boolean secure = false;
    String domain = null;
    for (String a : attributes.split(";")) {
      String t = a.trim();
      if (t.equalsIgnoreCase("secure")) {
        secure = true;
      } else if (t.regionMatches(true, 0, "domain=", 0, 7)) {
        String d = t.substring(7).trim().toLowerCase(Locale.ROOT);
        domain = d.startsWith(".") ? d.substring(1) : d;
      }
    }
    String flag = secure ? "s" : "-";
    if (domain == null || domain.isEmpty()) {
      return flag + "=" + host;
    }
    return domainMatch(host, domain) ? flag + "." + domain : null;
  }

  private static boolean applies(String scope, String host, boolean https) {
    if (scope.charAt(0) == 's' && !https) {
      return false;
    }
    String domain = scope.substring(2);
    return scope.charAt(1) == '=' ? host.equals(domain) : domainMatch(host, domain);
  }

  private static boolean domainMatch(String host, String domain) {
    return host.equals(domain)
        || (host.endsWith(domain)
            && host.length() > domain.length()
            && host.charAt(host.length() - domain.length() - 1) == '.'
            && !Character.isDigit(host.charAt(host.length() - 1))); // not an IP address
  }

  private static boolean expired(String attributes) {
    for (String a : attributes.split(";")) {
      String t = a.trim();
      if (t.regionMatches(true, 0, "max-age=", 0, 8)) {
        try {
          return Long.parseLong(t.substring(8).trim()) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  /** Same name and same domain: the same cookie (a Secure one replaces a plain one). */
  private static int find(String[] jar, String name, String scope) {
    if (jar != null) {
      for (int i = 0; i < jar.length; i += 3) {
        if (jar[i].equals(name)
            && jar[i + 2].regionMatches(1, scope, 1, scope.length() - 1)
            && jar[i + 2].length() == scope.length()) {
          return i;
        }
      }
    }
    return -1;
  }

  private static String[] put(String[] jar, String name, String value, String scope) {
    int i = find(jar, name, scope);
    if (i >= 0) {
      jar[i + 1] = value;
      jar[i + 2] = scope;
      return jar;
    }
    String[] grown = jar == null ? new String[3] : Arrays.copyOf(jar, jar.length + 3);
    grown[grown.length - 3] = name;
    grown[grown.length - 2] = value;
    grown[grown.length - 1] = scope;
    return grown;
  }

  private static String[] remove(String[] jar, String name, String scope) {
    int i = find(jar, name, scope);
    if (i < 0) {
      return jar;
    }
    String[] shrunk = new String[jar.length - 3];
    System.arraycopy(jar, 0, shrunk, 0, i);
    System.arraycopy(jar, i + 3, shrunk, i, jar.length - i - 3);
    return shrunk.length == 0 ? null : shrunk;
  }
}
