package io.vox.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A master and two nodes, {@code node-a} and {@code node-b}. */
abstract class MasterAndTwoNodesIT extends MasterAndNodeIT {
  @Deployment(name = "node-b", testable = false, order = 3)
  @TargetsContainer("node-b")
  static WebArchive nodeBWar() {
    return MasterApi.war("node");
  }
}
