package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Artemis stopped for 2 s in the middle of an action and started again on its journal: master and
 * node reconnect by themselves, the run completes, no report is lost or stored twice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrokerRestartIT extends MasterAndNodeIT {
  @Test
  void masterAndNodeReconnectAndNoReportIsLostOrStoredTwice() throws Exception {
    long id = startSlowRunAndAwaitAction1("restart-broker", 1);

    ItStack.restartBroker(Duration.ofSeconds(2));

    assertEquals("COMPLETED", api().awaitEnd(id, Duration.ofSeconds(120)).getString("state"));
    assertEveryResultStoredOnce(id);
  }
}
