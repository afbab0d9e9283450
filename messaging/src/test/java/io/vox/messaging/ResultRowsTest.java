package io.vox.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResultRowsTest {
  private static final List<UserResult> SOME =
      List.of(
          UserResult.once(3, 2, 100, 110, 55, 201, null),
          new UserResult(4, 2, -1, 0, Long.MAX_VALUE, 0, "timeout", 5, 2, 250_000, 3),
          UserResult.once(1, 1, 0, 0, 0, 0, "a\tb\nc\rd\\N\0é 😀"));

  @Test
  void theTextHasOneLinePerResultInTheColumnsOrderAndNullAsBackslashN() {
    assertEquals(
        "2\t3\t100\t110\t55\t201\t\\N\t0\t0\t0\t0\n"
            + "2\t4\t-1\t0\t9223372036854775807\t0\ttimeout\t5\t2\t250000\t3\n"
            + "1\t1\t0\t0\t0\t0\ta\\tb\\nc\\rd\\\\N\\0é 😀\t0\t0\t0\t0\n",
        text(ResultRows.of(SOME)));
  }

  @Test
  void theTextReadsBackAsTheSameResultsAndIsKeptAsItCame() {
    byte[] text = ResultRows.of(SOME).text();
    byte[] framed = new byte[text.length + 7];
    System.arraycopy(text, 0, framed, 5, text.length);
    ResultRows rows = ResultRows.parse(framed, 5, text.length);
    assertEquals(SOME, rows);
    assertArrayEquals(text, rows.text());
    assertArrayEquals(text, rows.textStream().readAllBytes());
    assertEquals(0, ResultRows.parse(new byte[0], 0, 0).size());
  }

  @Test
  void numbersOfNineteenDigitsOrMoreAreReadExactly() {
    byte[] text =
        "2\t0000000000000000000042\t1\t1\t9223372036854775807\t2\t\\N\t0\t0\t0\t0\n"
            .getBytes(StandardCharsets.UTF_8);
    ResultRows rows = ResultRows.parse(text, 0, text.length);
    assertEquals(42, rows.get(0).user());
    assertEquals(Long.MAX_VALUE, rows.get(0).latencyUs());
  }

  @Test
  void aLongErrorIsClippedToTheColumnsLength() {
    String error = "x".repeat(ResultRows.MAX_ERROR_CHARS + 100);
    ResultRows rows = ResultRows.of(List.of(UserResult.once(1, 1, 0, 0, 0, 0, error)));
    assertEquals(ResultRows.MAX_ERROR_CHARS, rows.get(0).error().length());
    assertEquals(rows, ResultRows.parse(rows.text(), 0, rows.textLength()));
  }

  static Stream<Arguments> badTexts() {
    return Stream.of(
        Arguments.of("2\t3\t100\t110\t55\tok\t\\N\t0\t0\t0\t0\n", "results[0][5] (status) must be"),
        Arguments.of(
            "2\t3\t100\t110\t5.5\t201\t\\N\t0\t0\t0\t0\n", "results[0][4] (latency_us) must"),
        Arguments.of("2\t3\t100\t110\t55\t201\t\\N\t0\t0\n", "results[0]: 9 values, expected 11"),
        Arguments.of("2\t3\t100\t110\t55\t201\t\\N\t0\t0\t0\t1\t0\n", "results[0]: more than 11"),
        Arguments.of("2\t3\t100\t110\t55\t201\n", "results[0]: 6 values, expected 11"),
        Arguments.of("2\t3\t100\t110\t55\t201\t\\N\t0\t0\t0", "(queued_us) is cut off"),
        Arguments.of("2\t3\t100\t110\t55\t201\t\\N\t0\t0\t-1\t0\n", "(queued_us) is out of"),
        Arguments.of(
            "2\t\t100\t110\t55\t201\t\\N\t0\t0\t0\t0\n", "results[0][1] (user_id) is empty"),
        Arguments.of(
            "2\t-\t100\t110\t55\t201\t\\N\t0\t0\t0\t0\n", "results[0][1] (user_id) must be"),
        Arguments.of("2\t-3\t100\t110\t55\t201\t\\N\t0\t0\t0\t0\n", "(user_id) is out of range"),
        Arguments.of(
            "2\t3\t100\t110\t55\t4294967296\t\\N\t0\t0\t0\t0\n", "(status) is out of range"),
        Arguments.of(
            "2\t3\t99999999999999999999\t1\t5\t2\t\\N\t0\t0\t0\t0\n", "(intended_us) is out"),
        Arguments.of(
            "2\t3\t1\t1\t9223372036854775808\t2\t\\N\t0\t0\t0\t0\n", "(latency_us) is out"),
        Arguments.of(
            "2\t3\t1\t1\t18446744073709551617\t2\t\\N\t0\t0\t0\t0\n", "(latency_us) is out"),
        Arguments.of(
            "2\t3\t100\t110\t55\t0\tab\\bc\t0\t0\t0\t0\n", "(error) has an unknown escape \\b"),
        Arguments.of(
            "2\t3\t100\t110\t55\t0\tab\\\t0\t0\t0\t0\n", "(error) ends in a lone backslash"),
        Arguments.of(
            "2\t3\t100\t110\t55\t0\t\\N\\N\t0\t0\t0\t0\n", "(error) has an unknown escape \\N"),
        Arguments.of(
            "2\t3\t100\t110\t55\t0\t" + "é".repeat(501) + "\t0\t0\t0\t0\n",
            "(error) is longer than"),
        Arguments.of("2\t3\t100\t110\t55\t201\t\\N\t0\t0\t0\t-1\n", "(user_group) is out of"),
        Arguments.of(
            "2\t3\t100\t110\t55\t201\t\\N\t0\t0\t0\t0\n2\t4\t100\t110\t55\t201\t\\N\t0\tx\t0\t0\n",
            "results[1][8] (loop_failures) must be a whole number"));
  }

  @ParameterizedTest
  @MethodSource("badTexts")
  void aBadTextIsRefusedNamingTheRowAndColumn(String text, String reason) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    var e = assertThrows(InvalidMessageException.class, () -> ResultRows.parse(b, 0, b.length));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void anErrorThatIsNotUtf8IsRefused() {
    byte[] b = "2\t3\t100\t110\t55\t0\tab?\t0\t0\t0\t0\n".getBytes(StandardCharsets.US_ASCII);
    b[19] = (byte) 0xC3; // a lead byte, then a tab
    var e = assertThrows(InvalidMessageException.class, () -> ResultRows.parse(b, 0, b.length));
    assertTrue(e.getMessage().contains("(error) is not valid UTF-8"), e.getMessage());
  }

  private static String text(ResultRows rows) {
    return new String(rows.text(), StandardCharsets.UTF_8);
  }
}
