package io.vox.master.rest;

import io.vox.master.jms.MasterRuntime;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready}: the master is ready when its database answers. */
@Readiness
@ApplicationScoped
public class MasterHealth implements HealthCheck {
  @Resource(lookup = "java:app/jdbc/vox")
  DataSource db;

  @EJB MasterRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("vox-master")
            .withData("liveNodes", runtime.nodes().live(System.currentTimeMillis()).size());
    try (Connection c = db.getConnection()) {
      return response.status(c.isValid(2)).withData("database", "reachable").build();
    } catch (SQLException e) {
      return response.down().withData("database", e.getMessage()).build();
    }
  }
}
