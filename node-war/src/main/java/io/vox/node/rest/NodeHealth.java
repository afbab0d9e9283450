package io.vox.node.rest;

import io.vox.node.boot.NodeRuntime;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready}: the node is ready once its engine and event loops are up. */
@Readiness
@ApplicationScoped
public class NodeHealth implements HealthCheck {
  @EJB NodeRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    var engine = runtime.engine();
    return HealthCheckResponse.named("vox-node")
        .status(engine != null)
        .withData("nodeId", engine == null ? "" : engine.nodeId())
        .withData("users", engine == null ? 0 : engine.users())
        .build();
  }
}
