package io.vox.master.security;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a name and password with exactly one {@link PasswordHasher#verify}, known name or not: an
 * unknown name is checked against a dummy secret of the same kind, so the time a refusal takes does
 * not tell which names exist. A password configured in plain text is kept only as the hasher's hash
 * of it, so it is checked by the same work as the dummy.
 */
public final class Credentials {
  private final Users users;
  private final PasswordHasher hasher;
  private final Map<String, String> stored = new HashMap<>();
  private final String dummy;

  /**
   * @param hasher verifies every password: PBKDF2 when a configured password is a PBKDF2 hash
   *     (plain ones are hashed alike), else {@link DigestHasher}
   */
  public Credentials(Users users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
    for (Users.User u : users.all()) {
      stored.put(u.name(), u.hashed() ? u.secret() : hasher.hash(u.secret().toCharArray()));
    }
    dummy = hasher.hash(randomPassword());
  }

  /** The user named {@code name} when {@code password} is theirs, else null. */
  public Users.User check(String name, char[] password) {
    Users.User user = users.find(name);
    boolean matches = hasher.verify(password, user == null ? dummy : stored.get(user.name()));
    return matches && user != null ? user : null;
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] p = new char[32];
    for (int i = 0; i < p.length; i++) {
      p[i] = (char) ('!' + random.nextInt(94));
    }
    return p;
  }
}
