package io.vox.master.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class DigestHasherTest {
  private final DigestHasher hasher = new DigestHasher();

  @Test
  void theRightPasswordAloneMatches() {
    String stored = hasher.hash("s3cr:et é".toCharArray());
    assertTrue(hasher.verify("s3cr:et é".toCharArray(), stored));
    assertFalse(hasher.verify("s3cr:et e".toCharArray(), stored));
    assertFalse(hasher.verify("s3cr".toCharArray(), stored), "a prefix");
    assertFalse(hasher.verify("s3cr:et é ".toCharArray(), stored), "a longer one");
    assertFalse(hasher.verify(new char[0], stored));
  }

  @Test
  void everyStoredFormIs32BytesWhateverThePassword() {
    for (String p : new String[] {"", "x", "a much longer password than most people would type"}) {
      assertEquals(32, Base64.getDecoder().decode(hasher.hash(p.toCharArray())).length, p);
    }
  }

  @Test
  void theKeyIsDrawnPerHasher() {
    char[] p = "same".toCharArray();
    assertEquals(hasher.hash(p), hasher.hash(p));
    assertNotEquals(hasher.hash(p), new DigestHasher().hash(p));
  }
}
