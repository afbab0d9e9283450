package io.vox.master.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Checks names and passwords against {@code vox.security.users} (see {@link Users}) by {@link
 * Credentials}: one hash verification per check, for an unknown name too. The hash is PBKDF2 (the
 * container's {@code Pbkdf2PasswordHash}) when a configured password is a PBKDF2 hash, with that
 * hash's parameters (the costliest, when several), plain passwords then hashed alike; else an HMAC.
 */
@ApplicationScoped
public class ConfigIdentityStore implements IdentityStore {
  private static final Logger LOG = Logger.getLogger(ConfigIdentityStore.class.getName());

  @Inject Config config;

  @Inject Pbkdf2PasswordHash pbkdf2;

  private Credentials credentials;

  @PostConstruct
  void read() {
    // MicroProfile Config splits the list on commas (a comma in a password is written \,)
    Users users =
        Users.parse(config.getOptionalValues("vox.security.users", String.class).orElse(List.of()));
    use(users);
    if (users.isEmpty()) {
      LOG.severe(
          "vox.security.users is empty: nobody can log in to the admin pages and REST API;"
              + " set it to name:role:password entries (role admin or viewer)");
    } else {
      LOG.info(() -> users.size() + " user(s) may log in");
    }
  }

  /** Checks the passwords of {@code users} from now on. */
  void use(Users users) {
    credentials = new Credentials(users, hasherFor(users));
  }

  private PasswordHasher hasherFor(Users users) {
    Users.User costliest =
        users.all().stream()
            .filter(Users.User::hashed)
            .max(Comparator.comparingInt(u -> Pbkdf2Hasher.iterations(u.secret())))
            .orElse(null);
    if (costliest == null) {
      return new DigestHasher();
    }
    try {
      return new Pbkdf2Hasher(pbkdf2, costliest.secret());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "vox.security.users: the PBKDF2 hash of "
              + costliest.name()
              + " has parameters Pbkdf2PasswordHash does not take: "
              + e.getMessage(),
          e);
    }
  }

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    Users.User user =
        credentials.check(credential.getCaller(), credential.getPassword().getValue());
    if (user == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(user.name(), user.groups());
  }
}
