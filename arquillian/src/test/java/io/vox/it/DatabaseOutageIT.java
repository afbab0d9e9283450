package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.messaging.Destinations;
import io.vox.messaging.ReportBatch;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Results that do not reach the database. Unreachable for 30 s in the middle of an action: the
 * batches that fail are redelivered after growing delays, nothing is dead-lettered, and the run
 * completes with every result stored once. Dead-lettered: at the action's deadline the users whose
 * results were in those batches are stored as failed with the reason, and the run ends FAILED,
 * since its results are not all the system under test's.
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

  @Test
  void anOutageLongerThanTheRedeliveryBudgetEndsTheRunFailedWithTheReason() throws Exception {
    long id;
    // the broker gives up on a batch after 3 deliveries 500 ms apart, so a 20 s outage outlasts
    // its budget as a 4-minute one outlasts the real one
    try (AutoCloseable budget = ItStack.broker.redeliveryBudget(Destinations.REPORTS, 3, 500)) {
      id = startSlowRunAndAwaitAction1("db-outage-too-long", 1);
      ItStack.dbProxy.cut();
      try {
        assertTrue(
            Stack.await(Duration.ofSeconds(60), () -> deadLetteredBatches(id) > 0),
            "the broker dead-letters batches the collector could not store");
        Thread.sleep(5_000); // more of action 1's batches meet the outage
      } finally {
        ItStack.dbProxy.restore();
      }
    }
    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(180));
    assertEquals("FAILED", run.getString("state"), run.toString());
    long dead = deadLetteredBatches(id);
    assertTrue(
        run.getString("error").startsWith(dead + " report batch(es) of this run are in the"),
        run.toString());
    long lost = deadLetteredResults(id);
    assertTrue(lost > 0, "the dead-lettered batches held results");
    assertEquals(
        lost,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1 AND error LIKE"
                + " 'no result from node node-a by the action''s deadline%'",
            id),
        "exactly the users whose results were dead-lettered failed, with the reason");
    assertEquals(
        (long) SLOW_RUN_USERS,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1", id),
        "action 1 has a row per user, none twice");
  }

  /** Report batches of run {@code id} in the dead-letter queue. */
  private static long deadLetteredBatches(long id) {
    try {
      return deadLettered(id, m -> 1);
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRunWhoseBatchesWereDeadLetteredEndsFailedAtTheActionsDeadline() throws Exception {
    int users = 60;
    ItStack.broker.pause(Destinations.REPORTS);
    long id;
    int moved;
    try {
      id =
          api()
              .submit(
                  """
                  {"name": "dead-lettered", "target": "http://127.0.0.1:%d", "users": %d,
                   "requestTimeoutMs": 2000,
                   "actions": [{"name": "get", "repeat": 2, "steps": [
                     {"request": {"method": "GET", "url": "/api/ping"}}]}]}
                  """
                      .formatted(ItStack.sut.port(), users));
      // a batch with results: a node may send one without (its users' connect timings) first
      assertTrue(
          Stack.await(Duration.ofSeconds(90), () -> waitingResults(id) > 0),
          "a batch of action 1's results is waiting");
      ItStack.broker.moveAll(Destinations.REPORTS, "DLQ");
      moved = (int) deadLetteredBatches(id); // this run's: another's may have been waiting too
    } finally {
      ItStack.broker.resume(Destinations.REPORTS);
    }
    assertTrue(moved > 0, "batches moved to the DLQ");

    JsonObject run = api().awaitEnd(id, Duration.ofSeconds(120));
    assertEquals("FAILED", run.getString("state"), run.toString());
    assertTrue(
        run.getString("error").startsWith(moved + " report batch(es) of this run are in the"),
        run.toString());
    long lost = deadLetteredResults(id);
    assertTrue(lost > 0, "the dead-lettered batches held results");
    assertEquals(
        (long) users,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "action 1 has a row per user; action 2 never started");
    assertEquals(
        lost,
        Stack.count(
            "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error = 'no result from node"
                + " node-a by the action''s deadline (no new result for 9 s)'",
            id),
        "exactly the users whose results were dead-lettered failed, with the reason");
    assertEquals(
        users - lost,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NULL", id));
    assertEquals(
        lost,
        Stack.count("SELECT COUNT(*) FROM vox_error WHERE run_id = ?", id),
        "the error report lists them");
    assertEquals(
        (long) users,
        Stack.count("SELECT reported FROM vox_action WHERE run_id = ? AND action = 1", id),
        "the counters match the rows");
  }

  /** The results in the dead-letter queue's report batches of run {@code id}. */
  private static long deadLetteredResults(long id) throws Exception {
    return deadLettered(id, m -> Stack.MESSAGES.decode(m, ReportBatch.class).results().size());
  }

  /** The results in the report batches of run {@code id} waiting in {@code vox.reports}. */
  private static long waitingResults(long id) {
    try {
      return browse(
          Destinations.REPORTS,
          id,
          m -> Stack.MESSAGES.decode(m, ReportBatch.class).results().size());
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What {@code each} counts of every report batch of run {@code id} in the DLQ that was never
   * stored, summed: when the database goes away, a commit can reach it while its answer is lost, so
   * the broker gives up on a batch that is stored.
   */
  private static long deadLettered(
      long id, java.util.function.ToLongFunction<jakarta.jms.Message> each)
      throws jakarta.jms.JMSException {
    return browse(
        "DLQ",
        id,
        m -> {
          try {
            String batch = Stack.MESSAGES.decode(m, ReportBatch.class).batchId();
            return Stack.count("SELECT COUNT(*) FROM vox_batch WHERE batch_id = ?", batch) > 0
                ? 0
                : each.applyAsLong(m);
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** What {@code each} counts of every report batch of run {@code id} in {@code queue}, summed. */
  private static long browse(
      String queue, long id, java.util.function.ToLongFunction<jakarta.jms.Message> each)
      throws jakarta.jms.JMSException {
    long n = 0;
    try (JMSContext ctx = Stack.jms().createContext();
        QueueBrowser browser =
            ctx.createBrowser(
                ctx.createQueue(queue),
                io.vox.messaging.jms.JmsMessages.RUN_PROPERTY + " = " + id)) {
      // by the run property: other tests leave unreadable batches in the DLQ
      var all = browser.getEnumeration();
      while (all.hasMoreElements()) {
        n += each.applyAsLong((jakarta.jms.Message) all.nextElement());
      }
    }
    return n;
  }
}
