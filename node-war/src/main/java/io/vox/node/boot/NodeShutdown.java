package io.vox.node.boot;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Stops the node when its application stops (undeploy, SIGTERM): at that point the application's
 * JMS connection factory still exists, so what the users reported and the leaving heartbeat can be
 * sent; by the singleton's {@code @PreDestroy} Payara has removed it ("No such resource").
 */
@WebListener
public class NodeShutdown implements ServletContextListener {
  @Inject NodeRuntime runtime;

  @Override
  public void contextDestroyed(ServletContextEvent sce) {
    runtime.stop();
  }
}
