package io.vox.master.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsersTest {
  @Test
  void readsNamesRolesAndPasswordsWithColonsInThem() {
    Users users = Users.parse(List.of("ops:admin:s3:cr:et", " ci : viewer :pw", ""));
    assertEquals(2, users.size());
    assertEquals("s3:cr:et", users.find("ops").secret());
    assertEquals(Set.of("admin", "viewer"), users.find("ops").groups());
    assertEquals(Set.of("viewer"), users.find("ci").groups());
    assertNull(users.find("nobody"));
    assertFalse(users.find("ci").hashed());
    assertTrue(
        Users.parse(List.of("h:viewer:PBKDF2WithHmacSHA256:2048:c2FsdA==:aGFzaA=="))
            .find("h")
            .hashed());
    assertEquals("ops:admin:***", users.find("ops").toString(), "no password in logs");
  }

  @Test
  void nothingConfiguredMeansNobodyCanLogIn() {
    assertTrue(Users.parse(List.of()).isEmpty());
  }

  @Test
  void aWrongEntryIsNamed() {
    assertEquals(
        "vox.security.users entry 2 must be name:role:password",
        assertThrows(
                IllegalArgumentException.class,
                () -> Users.parse(List.of("a:admin:x", "b:viewer:")))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Users.parse(List.of("a:root:x")))
            .getMessage()
            .contains("role must be admin or viewer, not 'root'"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Users.parse(List.of("a:admin:x", "a:viewer:y")))
            .getMessage()
            .contains("names a twice"));
    assertEquals(
        "vox.security.users entry 1 (h): a PBKDF2 hash is algorithm:iterations:salt:hash, salt"
            + " and hash in Base64, as Pbkdf2PasswordHash writes it",
        assertThrows(
                IllegalArgumentException.class,
                () -> Users.parse(List.of("h:viewer:PBKDF2WithHmacSHA256:2048:c2FsdA==")))
            .getMessage());
  }
}
