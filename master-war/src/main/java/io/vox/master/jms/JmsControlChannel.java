package io.vox.master.jms;

import io.vox.master.boot.MasterRuntime;
import io.vox.master.run.ControlChannel;
import io.vox.messaging.ControlMessage;
import io.vox.messaging.Destinations;
import io.vox.messaging.jms.JmsMessages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/** Publishes control messages on topic vox.control, persistent, in the caller's transaction. */
@ApplicationScoped
public class JmsControlChannel implements ControlChannel {
  private static final JmsMessages MESSAGES = new JmsMessages();

  @Resource(lookup = MasterRuntime.CF)
  ConnectionFactory factory;

  /** Sends the master's ping to itself through queue vox.events (see {@code MasterPing}). */
  public void ping(long nowMs) {
    try (JMSContext ctx = factory.createContext()) {
      MESSAGES.send(
          ctx,
          ctx.createQueue(Destinations.EVENTS),
          new io.vox.messaging.MasterPing(io.vox.messaging.Message.SCHEMA_VERSION, nowMs),
          false);
    }
  }

  /** Echoes nodes' heartbeats: non-persistent, since an echo is of use only at once. */
  public void echo(io.vox.messaging.ClockEchoes echoes) {
    try (JMSContext ctx = factory.createContext()) {
      MESSAGES.send(ctx, ctx.createTopic(Destinations.CONTROL), echoes, false);
    }
  }

  @Override
  public void publish(ControlMessage message) {
    try (JMSContext ctx = factory.createContext()) {
      MESSAGES.send(ctx, ctx.createTopic(Destinations.CONTROL), message, true);
    }
  }
}
