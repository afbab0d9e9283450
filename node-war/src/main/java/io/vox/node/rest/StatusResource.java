package io.vox.node.rest;

import io.vox.node.boot.NodeRuntime;
import jakarta.ejb.EJB;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/status}: this node's id and the users it holds. */
@Path("status")
public class StatusResource {
  @EJB NodeRuntime runtime;

  /** The node's status as JSON. */
  public record Status(String nodeId, int users, long actorFailures) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Status status() {
    var engine = runtime.engine();
    return new Status(engine.nodeId(), engine.users(), engine.stats().failures());
  }

  /** JAX-RS root of the node. */
  @ApplicationPath("api")
  public static class NodeApi extends Application {}
}
