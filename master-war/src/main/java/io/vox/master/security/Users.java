package io.vox.master.security;

import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users who may log in, from {@code vox.security.users}: entries {@code name:role:password},
 * comma-separated, role {@code admin} (everything) or {@code viewer} (reads results, changes
 * nothing). A password is the text after the second colon (colons allowed), or a PBKDF2 hash as
 * Jakarta Security's {@code Pbkdf2PasswordHash} writes it ({@code PBKDF2WithHmacSHA256:...}). There
 * is no default user: without the setting nobody can log in.
 */
public final class Users {
  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";
  private static final Pattern PBKDF2 =
      Pattern.compile(
          "PBKDF2WithHmacSHA(224|256|384|512):[1-9][0-9]{0,8}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");

  /** One configured user. */
  public record User(String name, String role, String secret) {
    /** The roles a user of this role has: an admin may read too. */
    public Set<String> groups() {
      return role.equals(ADMIN) ? Set.of(ADMIN, VIEWER) : Set.of(VIEWER);
    }

    /** Whether {@link #secret} is a PBKDF2 hash rather than the password itself. */
    public boolean hashed() {
      return secret.startsWith("PBKDF2WithHmac");
    }

    @Override
    public String toString() {
      return name + ":" + role + ":***";
    }
  }

  private final Map<String, User> byName;

  private Users(Map<String, User> byName) {
    this.byName = byName;
  }

  /**
   * Reads the entries of {@code vox.security.users}.
   *
   * @throws IllegalArgumentException naming the first entry that is not {@code name:role:password}
   *     with a known role and a non-empty password, or a name given twice
   */
  public static Users parse(List<String> entries) {
    Map<String, User> users = new LinkedHashMap<>();
    int n = 0;
    for (String raw : entries) {
      n++;
      String e = raw.strip();
      if (e.isEmpty()) {
        continue;
      }
      String[] parts = e.split(":", 3);
      if (parts.length < 3 || parts[0].isBlank() || parts[2].isEmpty()) {
        throw new IllegalArgumentException(
            "vox.security.users entry " + n + " must be name:role:password");
      }
      String role = parts[1].strip();
      if (!role.equals(ADMIN) && !role.equals(VIEWER)) {
        throw new IllegalArgumentException(
            "vox.security.users entry "
                + n
                + " ("
                + parts[0]
                + "): role must be admin or viewer, not '"
                + role
                + "'");
      }
      String name = parts[0].strip();
      User user = new User(name, role, parts[2]);
      if (user.hashed() && !wellFormed(user.secret())) {
        throw new IllegalArgumentException(
            "vox.security.users entry "
                + n
                + " ("
                + name
                + "): a PBKDF2 hash is algorithm:iterations:salt:hash, salt and hash in Base64,"
                + " as Pbkdf2PasswordHash writes it");
      }
      if (users.put(name, user) != null) {
        throw new IllegalArgumentException("vox.security.users names " + name + " twice");
      }
    }
    return new Users(users);
  }

  private static boolean wellFormed(String hash) {
    if (!PBKDF2.matcher(hash).matches()) {
      return false;
    }
    String[] p = hash.split(":");
    try {
      Base64.getDecoder().decode(p[2]);
      Base64.getDecoder().decode(p[3]);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The user named {@code name}, or null. */
  public User find(String name) {
    return byName.get(name);
  }

  /** Every user, in the order configured. */
  public Collection<User> all() {
    return byName.values();
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  public int size() {
    return byName.size();
  }
}
