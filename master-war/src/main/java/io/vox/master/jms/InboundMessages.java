package io.vox.master.jms;

import io.vox.master.boot.MasterRuntime;
import io.vox.messaging.Destinations;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.Message;
import io.vox.messaging.jms.JmsMessages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reads what the master's MDBs receive. A message that cannot be read is moved to the DLQ with the
 * reason at once (retrying cannot fix it) and comes back empty.
 */
@ApplicationScoped
public class InboundMessages {
  private static final Logger LOG = Logger.getLogger(InboundMessages.class.getName());
  private final JmsMessages messages = new JmsMessages();

  @Resource(lookup = MasterRuntime.CF)
  ConnectionFactory factory;

  public <T extends Message> Optional<T> read(jakarta.jms.Message jms, Class<T> expected) {
    try {
      return Optional.of(messages.decode(jms, expected));
    } catch (InvalidMessageException e) {
      LOG.warning(
          () -> "unreadable message moved to " + Destinations.DEAD_LETTERS + ": " + e.getMessage());
      try (JMSContext ctx = factory.createContext()) {
        messages.reject(ctx, jms, e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** Moves a message that was read but cannot be true to the DLQ with the reason. */
  public void reject(jakarta.jms.Message jms, String reason) {
    LOG.warning(() -> "message moved to " + Destinations.DEAD_LETTERS + ": " + reason);
    try (JMSContext ctx = factory.createContext()) {
      messages.reject(ctx, jms, reason);
    }
  }
}
