package io.vox.master.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigIdentityStoreTest {
  private static final String SHA256 = "PBKDF2WithHmacSHA256:2048:" + b64(16) + ":" + b64(32);
  private static final String SHA512 = "PBKDF2WithHmacSHA512:4096:" + b64(32) + ":" + b64(64);

  /** The container's PBKDF2 as a stand-in ("g:" + password) that counts what it does. */
  private static class FakePbkdf2 implements Pbkdf2PasswordHash {
    Map<String, String> parameters;
    final List<String> verifiedAgainst = new ArrayList<>();

    @Override
    public void initialize(Map<String, String> parameters) {
      this.parameters = parameters;
    }

    @Override
    public String generate(char[] password) {
      return "g:" + new String(password);
    }

    @Override
    public boolean verify(char[] password, String hashedPassword) {
      verifiedAgainst.add(hashedPassword);
      return hashedPassword.equals(generate(password));
    }
  }

  private final FakePbkdf2 pbkdf2 = new FakePbkdf2();
  private final ConfigIdentityStore store = new ConfigIdentityStore();

  private CredentialValidationResult validate(String name, String password) {
    return store.validate(new UsernamePasswordCredential(name, password));
  }

  @Test
  void withAPbkdf2HashEveryCheckIsOnePbkdf2VerificationWithTheCostliestParameters() {
    store.pbkdf2 = pbkdf2;
    store.use(Users.parse(List.of("ops:admin:" + SHA256, "deep:admin:" + SHA512, "ci:viewer:pw")));
    assertEquals(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "4096",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "64"),
        pbkdf2.parameters);

    assertEquals(CredentialValidationResult.Status.INVALID, validate("nobody", "pw").getStatus());
    assertEquals(1, pbkdf2.verifiedAgainst.size(), "an unknown name costs one PBKDF2 too");
    assertTrue(pbkdf2.verifiedAgainst.get(0).startsWith("g:"), "against the dummy");

    CredentialValidationResult ci = validate("ci", "pw");
    assertEquals(CredentialValidationResult.Status.VALID, ci.getStatus());
    assertEquals(Set.of("viewer"), ci.getCallerGroups());
    assertEquals("g:pw", pbkdf2.verifiedAgainst.get(1), "a plain password is kept as PBKDF2");

    assertEquals(CredentialValidationResult.Status.INVALID, validate("ops", "guess").getStatus());
    assertEquals(SHA256, pbkdf2.verifiedAgainst.get(2));
    assertEquals(3, pbkdf2.verifiedAgainst.size());
  }

  @Test
  void withPlainPasswordsOnlyNoPbkdf2IsUsed() {
    store.pbkdf2 = pbkdf2;
    store.use(Users.parse(List.of("ops:admin:right")));
    assertEquals(CredentialValidationResult.Status.VALID, validate("ops", "right").getStatus());
    assertEquals(CredentialValidationResult.Status.INVALID, validate("ops", "Right").getStatus());
    assertEquals(CredentialValidationResult.Status.INVALID, validate("nobody", "").getStatus());
    assertEquals(List.of(), pbkdf2.verifiedAgainst);
    assertEquals(null, pbkdf2.parameters);
  }

  @Test
  void parametersTheContainerRefusesAreNamedAtStart() {
    store.pbkdf2 =
        new FakePbkdf2() {
          @Override
          public void initialize(Map<String, String> parameters) {
            throw new IllegalArgumentException("Salt size must be at least 16");
          }
        };
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> store.use(Users.parse(List.of("ops:admin:" + SHA256))))
            .getMessage();
    assertTrue(message.contains("PBKDF2 hash of ops"), message);
    assertTrue(message.contains("Salt size must be at least 16"), message);
  }

  private static String b64(int bytes) {
    return Base64.getEncoder().encodeToString(new byte[bytes]);
  }
}
