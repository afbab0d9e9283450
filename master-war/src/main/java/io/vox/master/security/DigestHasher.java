package io.vox.master.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords configured in plain text, kept as their HMAC-SHA256 under a key drawn at start: cheap
 * enough for HTTP Basic on every REST request, and a check compares 32 bytes with 32 bytes in
 * constant time, so neither the password's length nor its first wrong character shows in the time.
 */
public final class DigestHasher implements PasswordHasher {
  private static final String MAC = "HmacSHA256";
  private final SecretKeySpec key;

  public DigestHasher() {
    this(randomKey());
  }

  DigestHasher(byte[] key) {
    this.key = new SecretKeySpec(key, MAC);
  }

  @Override
  public String hash(char[] password) {
    return Base64.getEncoder().encodeToString(mac(password));
  }

  @Override
  public boolean verify(char[] password, String stored) {
    return MessageDigest.isEqual(mac(password), Base64.getDecoder().decode(stored));
  }

  private byte[] mac(char[] password) {
    try {
      Mac mac = Mac.getInstance(MAC); // not thread-safe: one per check
      mac.init(key);
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      mac.update(bytes);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has " + MAC, e);
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
