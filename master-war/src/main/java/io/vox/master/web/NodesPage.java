package io.vox.master.web;

import io.vox.master.boot.MasterRuntime;
import io.vox.master.cluster.PayaraCluster;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/** Backs {@code nodes.xhtml}: the live nodes, as their last heartbeats told, and the cluster. */
@Named
@RequestScoped
public class NodesPage {
  @EJB MasterRuntime runtime;
  @Inject PayaraCluster cluster;

  public List<Map<String, Object>> getNodes() {
    return Rows.of(runtime.nodes().live(System.currentTimeMillis()));
  }

  /** The Payara Micro cluster the master is in: clustered, name, members. */
  public Map<String, Object> getCluster() {
    PayaraCluster.ClusterView view = cluster.view();
    Map<String, Object> m = Rows.of(view);
    m.put("members", Rows.of(view.members()));
    return m;
  }
}
