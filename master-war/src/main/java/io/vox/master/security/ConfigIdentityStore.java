package io.vox.master.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Checks names and passwords against {@code vox.security.users} (see {@link Users}). Passwords are
 * compared in constant time; a PBKDF2 hash is verified with the container's {@code
 * Pbkdf2PasswordHash}.
 */
@ApplicationScoped
public class ConfigIdentityStore implements IdentityStore {
  private static final Logger LOG = Logger.getLogger(ConfigIdentityStore.class.getName());

  @Inject Config config;

  @Inject Pbkdf2PasswordHash pbkdf2;

  private Users users;

  @PostConstruct
  void read() {
    // MicroProfile Config splits the list on commas (a comma in a password is written \,)
    users =
        Users.parse(config.getOptionalValues("vox.security.users", String.class).orElse(List.of()));
    if (users.isEmpty()) {
      LOG.severe(
          "vox.security.users is empty: nobody can log in to the admin pages and REST API;"
              + " set it to name:role:password entries (role admin or viewer)");
    } else {
      LOG.info(() -> users.size() + " user(s) may log in");
    }
  }

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    Users.User user = users.find(credential.getCaller());
    if (user == null || !matches(user, credential.getPasswordAsString())) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(user.name(), user.groups());
  }

  private boolean matches(Users.User user, String password) {
    if (user.hashed()) {
      return pbkdf2.verify(password.toCharArray(), user.secret());
    }
    return MessageDigest.isEqual(
        user.secret().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }
}
