package io.vox.master.security;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Base64;
import java.util.Map;

/**
 * PBKDF2 through the container's {@link Pbkdf2PasswordHash}, set to the algorithm, iterations, salt
 * and key sizes of a configured hash: the dummy and the plain passwords it hashes then cost what
 * that configured hash costs to verify.
 */
final class Pbkdf2Hasher implements PasswordHasher {
  private final Pbkdf2PasswordHash pbkdf2;

  /**
   * @param like a hash as {@link Pbkdf2PasswordHash} writes it
   * @throws IllegalArgumentException when its parameters are not ones the container takes
   */
  Pbkdf2Hasher(Pbkdf2PasswordHash pbkdf2, String like) {
    this.pbkdf2 = pbkdf2;
    pbkdf2.initialize(parameters(like));
  }

  /** The parameters of {@code hash} ({@code algorithm:iterations:salt:key}, Base64). */
  static Map<String, String> parameters(String hash) {
    String[] p = hash.split(":");
    return Map.of(
        "Pbkdf2PasswordHash.Algorithm",
        p[0],
        "Pbkdf2PasswordHash.Iterations",
        p[1],
        "Pbkdf2PasswordHash.SaltSizeBytes",
        Integer.toString(bytes(p[2])),
        "Pbkdf2PasswordHash.KeySizeBytes",
        Integer.toString(bytes(p[3])));
  }

  /** The iterations of {@code hash}: its cost. */
  static int iterations(String hash) {
    return Integer.parseInt(hash.split(":")[1]);
  }

  private static int bytes(String base64) {
    return Base64.getDecoder().decode(base64).length;
  }

  @Override
  public String hash(char[] password) {
    return pbkdf2.generate(password);
  }

  @Override
  public boolean verify(char[] password, String stored) {
    return pbkdf2.verify(password, stored); // Soteria compares in constant time
  }
}
