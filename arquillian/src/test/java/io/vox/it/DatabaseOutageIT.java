package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database unreachable for 30 s in the middle of an action: the batches that fail are
 * redelivered after growing delays, nothing is dead-lettered, and the run completes with every
 * result stored once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DatabaseOutageIT extends MasterAndNodeIT {
  @Test
  void batchesWaitOutA30SecondOutageAndNothingIsLost() throws Exception {
    long dlqBefore = ItStack.broker.messageCount("DLQ");
    long id = startSlowRunAndAwaitAction1("db-outage", 1);

    ItStack.dbProxy.cut();
    try {
      Thread.sleep(30_000);
      assertTrue(
          ItStack.broker.messageCount(Destinations.REPORTS) > 0,
          "reports wait in the broker while the database is away");
    } finally {
      ItStack.dbProxy.restore();
    }

    assertEquals(
        "COMPLETED", api().awaitEnd(id, Duration.ofSeconds(180)).getString("state"), "run state");
    assertEveryResultStoredOnce(id);
    assertEquals(dlqBefore, ItStack.broker.messageCount("DLQ"), "nothing dead-lettered");
  }
}
