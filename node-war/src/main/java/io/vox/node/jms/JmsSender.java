package io.vox.node.jms;

import io.vox.messaging.Message;
import io.vox.messaging.jms.JmsMessages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/** Sends Vox messages to the master's queues through the Artemis resource adapter. */
@ApplicationScoped
public class JmsSender {
  public static final String CF = "java:app/jms/voxNode";
  private final JmsMessages messages = new JmsMessages();

  @Resource(lookup = CF)
  ConnectionFactory factory;

  /** Moves an unreadable received message to the dead-letter queue, with the reason. */
  public void reject(jakarta.jms.Message received, String reason) {
    try (JMSContext ctx = factory.createContext()) {
      messages.reject(ctx, received, reason);
    }
  }

  /** Sends {@code message} to queue {@code queue}; throws a JMSRuntimeException on failure. */
  public void send(String queue, Message message, boolean persistent) {
    try (JMSContext ctx = factory.createContext()) {
      messages.send(ctx, ctx.createQueue(queue), message, persistent);
    }
  }
}
