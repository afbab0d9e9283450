package io.vox.master.jms;

import io.vox.master.app.RunService;
import io.vox.master.boot.MasterRuntime;
import io.vox.messaging.Destinations;
import io.vox.messaging.NodeEvent;
import io.vox.messaging.NodeHeartbeat;
import io.vox.messaging.NodeReady;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.MessageListener;

/** Takes node events from queue vox.events: heartbeats feed the registry, NodeReady the run. */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-rar"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.EVENTS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2"),
      // no XA: the ack commits in a local session after onMessage returns, a throw rolls it back
      @ActivationConfigProperty(propertyName = "useLocalTx", propertyValue = "true")
    })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeEventReceiver implements MessageListener {
  @EJB MasterRuntime runtime;
  @Inject InboundMessages inbound;
  @Inject RunService runs;

  @Override
  public void onMessage(jakarta.jms.Message jms) {
    inbound
        .read(jms, NodeEvent.class)
        .ifPresent(
            event -> {
              if (event instanceof io.vox.messaging.MasterPing) {
                runtime.nodes().pinged(System.currentTimeMillis());
              } else if (event instanceof NodeHeartbeat h) {
                runtime.nodes().heartbeat(h, System.currentTimeMillis());
              } else if (event instanceof NodeReady r) {
                runtime.nodes().seen(r.nodeId(), System.currentTimeMillis());
                runs.nodeReady(
                    r.runId(),
                    r.nodeId(),
                    r.incarnation().isEmpty()
                        ? runtime.nodes().incarnation(r.nodeId())
                        : r.incarnation(),
                    r.connected(),
                    r.failed());
              }
            });
  }
}
