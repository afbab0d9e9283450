package io.vox.master.security;

/**
 * One way of keeping and checking passwords. {@link Credentials} calls {@link #verify} exactly once
 * per login, whether the name is known or not.
 */
public interface PasswordHasher {
  /** The stored form of {@code password}. */
  String hash(char[] password);

  /**
   * Whether {@code password} is the one {@code stored} was made from, compared in constant time.
   */
  boolean verify(char[] password, String stored);
}
