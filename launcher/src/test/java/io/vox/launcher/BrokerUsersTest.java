package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.TextMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's two users: a node reads commands through its own subscription and sends
 * reports, events and rejects, but cannot command the other nodes or read the master's queues.
 */
class BrokerUsersTest {
  @Test
  void aNodeReadsCommandsAndSendsReportsButCannotCommandOrReadReports(@TempDir Path dir)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedBroker broker =
            EmbeddedBroker.start(port, dir, false, "vox", "m-secret", "vox-node", "n-secret");
        JMSContext master = broker.connectionFactory().createContext();
        JMSContext node = broker.connectionFactory("vox-node", "n-secret").createContext()) {
      JMSConsumer commands = node.createConsumer(node.createTopic("vox.control"));
      master.createProducer().send(master.createTopic("vox.control"), "act");
      assertEquals("act", ((TextMessage) commands.receive(10_000)).getText());

      for (String queue : new String[] {"vox.reports", "vox.events", "DLQ"}) {
        node.createProducer().send(node.createQueue(queue), "from a node");
      }
      assertEquals(
          "from a node",
          master
              .createConsumer(master.createQueue("vox.reports"))
              .receiveBody(String.class, 10_000));

      assertThrows(
          JMSSecurityRuntimeException.class,
          () -> node.createProducer().send(node.createTopic("vox.control"), "stop everything"),
          "a node cannot command the others");
      assertThrows(
          JMSSecurityRuntimeException.class,
          () -> node.createConsumer(node.createQueue("vox.events")),
          "nor read what the nodes tell the master");
      assertThrows(
          JMSSecurityRuntimeException.class,
          () ->
              broker
                  .connectionFactory("vox-node", "wrong")
                  .createContext()
                  .createProducer()
                  .send(node.createQueue("vox.reports"), "x"),
          "a wrong password logs in nobody");
    }
  }
}
