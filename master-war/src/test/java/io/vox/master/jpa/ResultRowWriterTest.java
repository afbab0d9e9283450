package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.messaging.UserResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRowWriterTest {
  @Test
  void stringsBecomeHexLiteralsSoNoTextCanBreakOutOfTheStatement() {
    assertEquals("X'C3A927'", ResultRowWriter.hex("é'"));
    assertEquals("X'5C27293B2D2D'", ResultRowWriter.hex("\\');--"));
    assertEquals("''", ResultRowWriter.hex(""));
  }

  @Test
  void oneRowPerResultWithNullForNoError() {
    String sql =
        ResultRowWriter.rowsInsert(
            7,
            "n1",
            List.of(
                UserResult.once(3, 2, 100, 110, 55, 201, null),
                UserResult.once(4, 2, 100, 120, 66, 0, "timeout")));
    assertEquals(
        "INSERT INTO vox_result (run_id, action, user_id, node_id, intended_us, start_us,"
            + " latency_us, status, error, loop_iterations, loop_failures) VALUES"
            + " (7,2,3,X'6E31',100,110,55,201,NULL,0,0),"
            + "(7,2,4,X'6E31',100,120,66,0,X'74696D656F7574',0,0)",
        sql);
  }

  @Test
  void theLoadTextHasOneLinePerResultAndNullAsBackslashN() {
    assertEquals(
        "2\t3\t100\t110\t55\t201\t\\N\t0\t0\n"
            + "2\t4\t-1\t0\t9223372036854775807\t0\ttimeout\t5\t2\n",
        text(
            List.of(
                UserResult.once(3, 2, 100, 110, 55, 201, null),
                new UserResult(4, 2, -1, 0, Long.MAX_VALUE, 0, "timeout", 5, 2))));
  }

  @Test
  void errorTextsEscapeWhatWouldEndAFieldOrALine() {
    assertEquals(
        "1\t1\t0\t0\t0\t0\ta\\tb\\nc\\rd\\\\N\\0é\t0\t0\n",
        text(List.of(UserResult.once(1, 1, 0, 0, 0, 0, "a\tb\nc\rd\\N\0é"))));
  }

  @Test
  void runAndNodeAreConstantsOfTheStatement() {
    assertEquals(
        ResultRowWriter.LOAD_HEAD
            + " CHARACTER SET utf8mb4 (action, user_id, intended_us, start_us, latency_us, status,"
            + " error, loop_iterations, loop_failures) SET run_id = 7, node_id = X'6E2D27'",
        ResultRowWriter.loadData(7, "n-'"));
  }

  private static String text(List<UserResult> results) {
    return new String(ResultRowWriter.tsv(results).readAllBytes(), StandardCharsets.UTF_8);
  }
}
