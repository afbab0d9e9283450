package io.vox.master.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  private static final String HASH = "PBKDF2WithHmacSHA256:2048:c2FsdA==:aGFzaA==";

  /** A stand-in hash ("h:" + password) that records every verification and what it was against. */
  private static final class Recording implements PasswordHasher {
    final List<String> verifiedAgainst = new ArrayList<>();
    final List<String> hashed = new ArrayList<>();

    @Override
    public String hash(char[] password) {
      hashed.add(new String(password));
      return "h:" + new String(password);
    }

    @Override
    public boolean verify(char[] password, String stored) {
      verifiedAgainst.add(stored);
      return stored.equals("h:" + new String(password));
    }
  }

  private final Recording hasher = new Recording();
  private final Credentials credentials =
      new Credentials(Users.parse(List.of("ops:admin:right", "ci:viewer:" + HASH)), hasher);

  @Test
  void anUnknownNameIsVerifiedOnceAgainstADummyOfTheSameKind() {
    assertNull(credentials.check("nobody", "right".toCharArray()));
    assertEquals(1, hasher.verifiedAgainst.size(), "one verification, as for a known name");
    String dummy = hasher.verifiedAgainst.get(0);
    assertTrue(dummy.startsWith("h:"), "made by the same hasher: " + dummy);
    assertNotEquals("h:right", dummy);
  }

  @Test
  void aKnownNameIsVerifiedOnceRightOrWrong() {
    assertNull(credentials.check("ops", "wrong".toCharArray()));
    assertEquals(List.of("h:right"), hasher.verifiedAgainst);
    assertEquals("ops", credentials.check("ops", "right".toCharArray()).name());
    assertEquals(2, hasher.verifiedAgainst.size());
  }

  @Test
  void aConfiguredHashIsVerifiedAsGivenAndAPlainPasswordOnlyByItsHash() {
    assertNull(credentials.check("ci", "whatever".toCharArray()));
    assertEquals(List.of(HASH), hasher.verifiedAgainst);
    // hashed once at start: ops's plain password and the dummy; ci's hash is used as it is
    assertEquals(2, hasher.hashed.size());
    assertEquals("right", hasher.hashed.get(0));
    assertFalse(hasher.hashed.contains(HASH));
  }

  @Test
  void theDummyMatchesNoPasswordAndNoName() {
    String dummy = hasher.hashed.get(1);
    assertNull(credentials.check("nobody", dummy.substring(2).toCharArray()));
  }
}
