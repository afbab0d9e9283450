package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A master and one node, and a run slow enough to interrupt: the base of the failure tests. Each
 * subclass still starts its own Payara instances (one deployment set per test class).
 */
abstract class MasterAndNodeIT {
  static final int SLOW_RUN_USERS = 400;
  static final int SLOW_RUN_ACTIONS = 2;

  @Deployment(name = "master", testable = false, order = 1)
  @TargetsContainer("master")
  static WebArchive masterWar() {
    return MasterApi.war("master");
  }

  @Deployment(name = "node-a", testable = false, order = 2)
  @TargetsContainer("node-a")
  static WebArchive nodeWar() {
    return MasterApi.war("node");
  }

  @ArquillianResource
  @OperateOnDeployment("master")
  URL master;

  MasterApi api() {
    return new MasterApi(master);
  }

  /**
   * Starts a run of {@link #SLOW_RUN_USERS} users on at least {@code minNodes} nodes, logging in to
   * the demo API that answers after 500 ms, then {@link #SLOW_RUN_ACTIONS} actions; returns once
   * action 1 has stored results.
   */
  long startSlowRunAndAwaitAction1(String name, int minNodes) throws Exception {
    String plan =
        """
        {"name": "%s", "target": "http://127.0.0.1:%d", "users": %d, "minNodes": %d,
         "connect": [{"request": {"method": "POST", "url": "/api/login",
                                  "body": "{\\"user\\":\\"%s-${user}\\"}",
                                  "extract": [{"name": "token", "jsonPath": "$.token"}]}}],
         "actions": [{"name": "post", "repeat": %d, "steps": [
           {"request": {"method": "POST", "url": "/api/messages",
                        "headers": {"Authorization": "Bearer ${token}"}, "body": "{}"}}]}]}
        """
            .formatted(
                name, ItStack.slowSut.port(), SLOW_RUN_USERS, minNodes, name, SLOW_RUN_ACTIONS);
    long id = api().submit(plan);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () ->
                Stack.countOrMinus(
                        "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND action = 1", id)
                    > 0),
        "action 1 under way");
    return id;
  }

  /** Every user has exactly one successful result per action, and no report is left waiting. */
  static void assertEveryResultStoredOnce(long id) throws Exception {
    long expected = (long) SLOW_RUN_USERS * SLOW_RUN_ACTIONS;
    assertEquals(
        expected,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND error IS NULL", id),
        "every result stored, none failed");
    assertEquals(
        expected,
        Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id),
        "nothing stored twice");
    assertTrue(
        Stack.await(
            Duration.ofSeconds(30),
            () -> ItStack.broker.messageCount(io.vox.messaging.Destinations.REPORTS) == 0),
        "no report left waiting");
  }
}
