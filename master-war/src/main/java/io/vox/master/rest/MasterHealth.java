package io.vox.master.rest;

import io.vox.master.app.ReportService;
import io.vox.master.boot.MasterRuntime;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready}: the master is ready when its database answers. */
@Readiness
@ApplicationScoped
public class MasterHealth implements HealthCheck {
  @Inject ReportService reports;

  @EJB MasterRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("vox-master")
            .withData("liveNodes", runtime.nodes().live(System.currentTimeMillis()).size());
    String problem = reports.databaseProblem();
    return problem == null
        ? response.up().withData("database", "reachable").build()
        : response.down().withData("database", problem).build();
  }
}
