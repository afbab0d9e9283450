package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FailureLogTest {
  @Test
  void theFirstFailuresAreLoggedWithUserAndStackThenOnlyCounted() {
    Logger logger = Logger.getLogger("FailureLogTest");
    logger.setUseParentHandlers(false);
    List<LogRecord> records = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(h);
    FailureLog failures =
        new FailureLog(
            logger, "run=7 node=n1", 3, io.vox.messaging.scenario.Masker.of(List.of("s3cr3t")));
    for (int user = 0; user < 5; user++) {
      failures.failed(user, "a message", new IllegalStateException("boom " + user + " s3cr3t"));
    }

    assertEquals(5, failures.count());
    assertEquals(4, records.size(), "3 failures, then one line for the rest: " + records);
    for (int i = 0; i < 3; i++) {
      LogRecord r = records.get(i);
      assertTrue(
          r.getMessage().startsWith("run=7 node=n1 user=" + i + " failed handling String"),
          r.getMessage());
      assertNotNull(r.getThrown(), "the stack trace is logged");
      assertTrue(r.getThrown().toString().endsWith("boom " + i + " ******"), "" + r.getThrown());
      assertEquals(FailureLogTest.class.getName(), r.getThrown().getStackTrace()[0].getClassName());
    }
    assertTrue(records.get(3).getMessage().contains("counted, not logged"));
    assertNull(records.get(3).getThrown());
    logger.removeHandler(h);
  }
}
