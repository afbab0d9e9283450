package io.vox.master.web;

import io.vox.master.jms.MasterRuntime;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/** Backs {@code nodes.xhtml}: the live nodes, as their last heartbeats told. */
@Named
@RequestScoped
public class NodesPage {
  @EJB MasterRuntime runtime;

  public List<Map<String, Object>> getNodes() {
    return Rows.of(runtime.nodes().live(System.currentTimeMillis()));
  }
}
