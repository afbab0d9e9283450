package io.vox.master.rest;

import io.vox.master.cluster.PayaraCluster;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/cluster}: the Payara Micro cluster the master is in (its members by instance
 * name), or {@code clustered: false} when it runs without Hazelcast.
 */
@Path("cluster")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
  @Inject PayaraCluster cluster;

  @GET
  public PayaraCluster.ClusterView cluster() {
    return cluster.view();
  }
}
