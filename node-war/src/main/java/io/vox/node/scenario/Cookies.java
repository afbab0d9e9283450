package io.vox.node.scenario;

import java.util.Arrays;
import java.util.List;

/**
 * A user's cookie jar as a flat array of names and values, null while empty: a user without cookies
 * costs nothing. One target per run, so cookies are kept by name only (no domain or path rules); a
 * {@code Max-Age} of 0 or less, or an empty value, removes a cookie.
 */
public final class Cookies {
  private Cookies() {}

  /** The jar after {@code setCookies} (Set-Cookie header values); may return {@code jar} itself. */
  public static String[] update(String[] jar, List<String> setCookies) {
    for (String header : setCookies) {
      int semi = header.indexOf(';');
      String pair = semi < 0 ? header : header.substring(0, semi);
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = pair.substring(0, eq).trim();
      String value = unquote(pair.substring(eq + 1).trim());
      boolean remove = value.isEmpty() || expired(semi < 0 ? "" : header.substring(semi));
      jar = remove ? remove(jar, name) : put(jar, name, value);
    }
    return jar;
  }

  /** The Cookie header for {@code jar}, or null when it is empty. */
  public static String header(String[] jar) {
    if (jar == null || jar.length == 0) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < jar.length; i += 2) {
      if (i > 0) {
        out.append("; ");
      }
      out.append(jar[i]).append('=').append(jar[i + 1]);
    }
    return out.toString();
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

  private static String[] put(String[] jar, String name, String value) {
    if (jar != null) {
      for (int i = 0; i < jar.length; i += 2) {
        if (jar[i].equals(name)) {
          jar[i + 1] = value;
          return jar;
        }
      }
    }
    String[] grown = jar == null ? new String[2] : Arrays.copyOf(jar, jar.length + 2);
    grown[grown.length - 2] = name;
    grown[grown.length - 1] = value;
    return grown;
  }

  private static String[] remove(String[] jar, String name) {
    if (jar == null) {
      return null;
    }
    for (int i = 0; i < jar.length; i += 2) {
      if (jar[i].equals(name)) {
        String[] shrunk = new String[jar.length - 2];
        System.arraycopy(jar, 0, shrunk, 0, i);
        System.arraycopy(jar, i + 2, shrunk, i, jar.length - i - 2);
        return shrunk.length == 0 ? null : shrunk;
      }
    }
    return jar;
  }
}
