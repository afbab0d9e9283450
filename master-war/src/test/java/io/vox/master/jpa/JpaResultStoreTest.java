package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.messaging.UserResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class JpaResultStoreTest {
  @Test
  void stringsBecomeHexLiteralsSoNoTextCanBreakOutOfTheStatement() {
    assertEquals("X'C3A927'", JpaResultStore.hex("é'"));
    assertEquals("X'5C27293B2D2D'", JpaResultStore.hex("\\');--"));
    assertEquals("''", JpaResultStore.hex(""));
  }

  @Test
  void oneRowPerResultWithNullForNoError() {
    String sql =
        JpaResultStore.rowsInsert(
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
}
