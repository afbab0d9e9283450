package io.vox.master.cluster;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The Payara Micro instances clustered with this master (Payara's Hazelcast, {@code
 * payara/Hazelcast}): a master and nodes started with {@code --clustermode} and one {@code
 * --clustername} see each other as Payara users expect. Vox does not need the cluster (nodes join
 * by the broker alone); it shows it beside the nodes that heartbeat. Without Hazelcast ({@code
 * --nohazelcast}) there is none.
 */
@ApplicationScoped
public class PayaraCluster {
  /** Where Payara keeps each member's attributes (by member UUID): its HazelcastCore's map. */
  static final String ATTRIBUTES = "payara-instance-map";

  /** The attribute with the instance name ({@code --name}), and the one with its group. */
  static final String INSTANCE = "GLASSFISH-INSTANCE";

  static final String GROUP = "GLASSFISH_INSTANCE_GROUP";

  /** One member: its Payara instance name and group, its cluster address, whether it is us. */
  public record MemberView(String name, String group, String address, boolean local) {}

  /** The cluster: its name, members by name; {@code clustered} false without Hazelcast. */
  public record ClusterView(boolean clustered, String name, List<MemberView> members) {
    static final ClusterView NONE = new ClusterView(false, "", List.of());
  }

  public ClusterView view() {
    HazelcastInstance hz;
    try {
      hz = (HazelcastInstance) new InitialContext().lookup("payara/Hazelcast");
    } catch (NamingException | ClassCastException e) {
      return ClusterView.NONE;
    }
    if (hz == null || !hz.getLifecycleService().isRunning()) {
      return ClusterView.NONE;
    }
    Map<UUID, Map<String, String>> attributes = hz.getMap(ATTRIBUTES);
    List<MemberView> members =
        hz.getCluster().getMembers().stream()
            .map(
                m -> {
                  Map<String, String> a = attributes.getOrDefault(m.getUuid(), Map.of());
                  return new MemberView(
                      a.getOrDefault(INSTANCE, m.getUuid().toString()),
                      a.getOrDefault(GROUP, ""),
                      m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                      m.localMember());
                })
            .sorted(Comparator.comparing(MemberView::name))
            .toList();
    return new ClusterView(true, hz.getConfig().getClusterName(), members);
  }
}
