package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.messaging.ResultRows;
import io.vox.messaging.UserResult;
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
            ResultRows.of(
                List.of(
                    new UserResult(3, 2, 100, 110, 55, 201, null, 0, 0, 40, 2),
                    UserResult.once(4, 2, 100, 120, 66, 0, "timeout"))));
    assertEquals(
        "INSERT INTO vox_result (run_id, action, user_id, node_id, intended_us, start_us,"
            + " latency_us, status, error, loop_iterations, loop_failures, queued_us, user_group)"
            + " VALUES (7,2,3,X'6E31',100,110,55,201,NULL,0,0,40,2),"
            + "(7,2,4,X'6E31',100,120,66,0,X'74696D656F7574',0,0,0,0)",
        sql);
  }

  @Test
  void runAndNodeAreConstantsOfTheStatement() {
    assertEquals(
        ResultRowWriter.LOAD_HEAD
            + " CHARACTER SET utf8mb4 (action, user_id, intended_us, start_us, latency_us, status,"
            + " error, loop_iterations, loop_failures, queued_us, user_group) SET run_id = 7,"
            + " node_id = X'6E2D27'",
        ResultRowWriter.loadData(7, "n-'"));
  }
}
