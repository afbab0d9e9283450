package io.vox.master.jms;

import io.vox.master.boot.MasterRuntime;
import io.vox.messaging.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import java.util.Enumeration;

/** How far the collector is behind: the age of the oldest report batch waiting in the broker. */
@ApplicationScoped
public class ReportQueue {
  @Resource(lookup = MasterRuntime.CF)
  ConnectionFactory factory;

  /** Seconds since the oldest waiting batch was sent; 0 when none waits, -1 when unknown. */
  public double oldestAgeSeconds(long nowMs) {
    try (JMSContext ctx = factory.createContext();
        QueueBrowser browser = ctx.createBrowser(ctx.createQueue(Destinations.REPORTS))) {
      Enumeration<?> waiting = browser.getEnumeration();
      if (!waiting.hasMoreElements()) {
        return 0;
      }
      long sent = ((Message) waiting.nextElement()).getJMSTimestamp();
      return sent <= 0 ? -1 : Math.max(0, nowMs - sent) / 1000.0;
    } catch (JMSRuntimeException | jakarta.jms.JMSException e) {
      return -1;
    }
  }
}
