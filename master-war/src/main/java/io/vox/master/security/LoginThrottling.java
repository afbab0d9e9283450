package io.vox.master.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the master's one {@link LoginThrottle} from the {@code vox.security.*} settings. */
@ApplicationScoped
public class LoginThrottling {
  /** Names kept at most (about 100 bytes each). */
  static final int NAMES = 10_000;

  @Inject
  @ConfigProperty(name = "vox.security.max-failed-logins")
  int maxFailedLogins;

  @Inject
  @ConfigProperty(name = "vox.security.lockout-ms")
  long lockoutMs;

  @Inject
  @ConfigProperty(name = "vox.security.login-window-ms")
  long windowMs;

  @Produces
  @Singleton // the throttle is a final class: no client proxy, one instance all the same
  LoginThrottle throttle() {
    try {
      return new LoginThrottle(
          maxFailedLogins, lockoutMs, windowMs, NAMES, () -> System.nanoTime() / 1_000_000);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "vox.security.max-failed-logins, vox.security.lockout-ms, vox.security.login-window-ms: "
              + e.getMessage(),
          e);
    }
  }
}
