package io.vox.master.rest;

import io.vox.master.boot.MasterRuntime;
import io.vox.master.run.NodeRegistry;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/nodes}: the live nodes (a heartbeat within the live window). */
@Path("nodes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {
  @EJB MasterRuntime runtime;

  @GET
  public List<NodeRegistry.NodeInfo> live() {
    return runtime.nodes().live(System.currentTimeMillis());
  }
}
