package io.vox.messaging.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskerTest {
  @Test
  void hidesEachSecretAsWrittenAndUrlEncoded() {
    Masker m = Masker.of(List.of("p@ss word", "tok"));
    assertEquals(
        "GET /x?pw=****** and ****** and ****** in ************en",
        m.apply("GET /x?pw=p%40ss+word and p%40ss%20word and p@ss word in toktoken"));
  }

  @Test
  void theLongerSecretIsHiddenWhole() {
    assertEquals("a ****** b", Masker.of(List.of("ab", "abcd")).apply("a abcd b"));
  }

  @Test
  void withoutSecretsTheTextIsKept() {
    String text = "nothing to hide";
    assertSame(text, Masker.of(List.of("")).apply(text));
    assertSame(Masker.NONE, Masker.of(List.of()));
  }
}
