package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's broker (docker/artemis) is the embedded one of {@code ./vox demo} and the
 * integration tests: its broker.xml, read by Artemis's own parser as the broker in the image reads
 * it, holds what {@link EmbeddedBroker#addDestinationsAndRights} sets, and its entrypoint gives the
 * master's user and the nodes' user the embedded broker's roles. No container engine runs here, so
 * the entrypoint runs against a stand-in for the artemis command.
 */
class DockerBrokerTest {
  private static final Path DIR = Path.of("..", "docker", "artemis");

  private static Configuration embedded() {
    return EmbeddedBroker.addDestinationsAndRights(new ConfigurationImpl());
  }

  private static Configuration docker() throws Exception {
    FileConfiguration cfg = new FileConfiguration();
    FileDeploymentManager files =
        new FileDeploymentManager(DIR.resolve("broker.xml").toUri().toString());
    files.addDeployable(cfg); // validates against Artemis's schema, as the broker does
    files.readConfiguration();
    return cfg;
  }

  @Test
  void eachAddressSettingIsTheEmbeddedBrokers() throws Exception {
    Map<String, AddressSettings> expected = embedded().getAddressSettings();
    Map<String, AddressSettings> actual = docker().getAddressSettings();
    assertEquals(expected.keySet(), actual.keySet(), "address-setting matches");
    for (String match : expected.keySet()) {
      // equals compares every setting, set or not: redelivery delay, multiplier and cap, attempts,
      // dead-letter and expiry addresses, auto-creation, paging and size limits...
      assertEquals(expected.get(match), actual.get(match), "address-setting " + match);
    }
  }

  @Test
  void eachRoleHasTheEmbeddedBrokersRightsOnEachMatch() throws Exception {
    Map<String, Set<Role>> expected = embedded().getSecurityRoles();
    Map<String, Set<Role>> actual = docker().getSecurityRoles();
    assertEquals(expected.keySet(), actual.keySet(), "security-setting matches");
    for (String match : expected.keySet()) {
      Map<String, Role> want = byName(expected.get(match));
      Map<String, Role> got = byName(actual.get(match));
      assertEquals(want.keySet(), got.keySet(), "roles on " + match);
      for (String role : want.keySet()) {
        // equals compares each permission: send, consume, create/delete (non-)durable queue and
        // address, manage, browse, view, edit
        assertEquals(want.get(role), got.get(role), "role " + role + " on " + match);
      }
    }
    assertEquals(
        Set.of(EmbeddedBroker.MASTER_ROLE, EmbeddedBroker.NODE_ROLE),
        actual.values().stream()
            .flatMap(Set::stream)
            .map(Role::getName)
            .collect(Collectors.toSet()),
        "the roles the entrypoint gives the two users");
  }

  private static Map<String, Role> byName(Set<Role> roles) {
    return roles.stream()
        .collect(Collectors.toMap(Role::getName, r -> r, (a, b) -> a, TreeMap::new));
  }

  @Test
  void theDestinationsAreTheEmbeddedBrokers() throws Exception {
    Map<String, String> expected = destinations(embedded());
    Map<String, String> actual = destinations(docker());
    assertEquals(expected.keySet(), actual.keySet(), "addresses and queues");
    for (String name : expected.keySet()) {
      assertEquals(expected.get(name), actual.get(name), name);
    }
  }

  /**
   * Addresses (name and routing types) and queues, whether a queue is listed under its address (as
   * in broker.xml) or alone, which makes its address with the queue's routing type (as in the
   * embedded broker; ActiveMQServerImpl deploys both the same way).
   */
  private static Map<String, String> destinations(Configuration cfg) {
    Map<String, String> all = new TreeMap<>();
    for (CoreAddressConfiguration a : cfg.getAddressConfigurations()) {
      all.put("address " + a.getName(), new TreeSet<>(a.getRoutingTypes()).toString());
      for (QueueConfiguration q : a.getQueueConfigs()) {
        all.put("queue " + q.getName(), normalized(q).toString());
      }
    }
    for (QueueConfiguration q : cfg.getQueueConfigs()) {
      all.putIfAbsent("address " + q.getAddress(), Set.of(q.getRoutingType()).toString());
      all.put("queue " + q.getName(), normalized(q).toString());
    }
    return all;
  }

  /** An unset {@code enabled} is Artemis's default, true (the parser leaves it unset). */
  private static QueueConfiguration normalized(QueueConfiguration q) {
    QueueConfiguration copy = QueueConfiguration.of(q);
    return copy.isEnabled() == null ? copy.setEnabled(true) : copy;
  }

  @Test
  void itIsPersistentAndSecuredAndSpeaksCoreOnThePortTheClientsUse() throws Exception {
    Configuration cfg = docker();
    assertTrue(cfg.isPersistenceEnabled(), "persistent, as the embedded broker");
    assertTrue(cfg.isSecurityEnabled(), "users and roles apply");
    assertEquals(1, cfg.getAcceptorConfigurations().size(), "one acceptor");
    TransportConfiguration acceptor = cfg.getAcceptorConfigurations().iterator().next();
    assertEquals("CORE", acceptor.getParams().get("protocols"), "the core protocol alone");
    assertEquals("61616", String.valueOf(acceptor.getParams().get("port")), "compose's port");
  }

  @Test
  void theEntrypointGivesTheMasterAndTheNodesTheirRolesAtEveryStart(@TempDir Path tmp)
      throws Exception {
    Path home = tmp.resolve("home");
    Path instance = Files.createDirectories(tmp.resolve("instance"));
    Files.createDirectories(home.resolve("bin"));
    // `artemis create` makes etc/ (one user, the image's broker.xml) and the instance's command
    Files.writeString(
        home.resolve("bin/artemis"),
        """
        #!/bin/sh
        echo "$*" >> create.args
        mkdir -p etc bin
        echo '<configuration/>' > etc/broker.xml
        echo 'vox = ENC(hash)' > etc/artemis-users.properties
        echo 'amq = vox' > etc/artemis-roles.properties
        echo '#!/bin/sh' > bin/artemis
        echo 'echo "$*" >> runs' >> bin/artemis
        chmod +x bin/artemis
        """);
    home.resolve("bin/artemis").toFile().setExecutable(true);
    String masterPassword = "m\\ secret=:#!";
    Map<String, String> env = new HashMap<>();
    env.put("VOX_ARTEMIS_HOME", home.toString());
    env.put("VOX_ARTEMIS_INSTANCE", instance.toString());
    env.put("VOX_BROKER_USER", StackSecrets.BROKER_USER);
    env.put("VOX_BROKER_PASSWORD", masterPassword);
    env.put("VOX_NODE_BROKER_PASSWORD", "n-secret");

    Run run = entrypoint(env);
    assertEquals(0, run.code(), "first start: " + run.output());
    assertEquals(1, Files.readAllLines(instance.resolve("create.args")).size(), "created once");
    String create = Files.readString(instance.resolve("create.args"));
    assertTrue(create.contains("--require-login"), "no anonymous login: " + create);
    assertFalse(create.contains("--allow-anonymous"), create);
    assertEquals(
        Files.readString(DIR.resolve("broker.xml")),
        Files.readString(instance.resolve("etc/broker.xml")),
        "the broker runs Vox's broker.xml");
    assertEquals(
        Map.of(StackSecrets.BROKER_USER, masterPassword, StackSecrets.NODE_BROKER_USER, "n-secret"),
        properties(instance.resolve("etc/artemis-users.properties")),
        "the two users, as Artemis reads them");
    assertEquals(
        Map.of(
            EmbeddedBroker.MASTER_ROLE,
            StackSecrets.BROKER_USER,
            EmbeddedBroker.NODE_ROLE,
            StackSecrets.NODE_BROKER_USER),
        properties(instance.resolve("etc/artemis-roles.properties")),
        "each user has its role and no other");
    assertEquals(List.of("run"), Files.readAllLines(instance.resolve("runs")));

    // a restart on the same volume: no new instance, but this broker.xml and the new password
    Files.writeString(instance.resolve("etc/broker.xml"), "<configuration/>");
    env.put("VOX_NODE_BROKER_PASSWORD", "n-new");
    run = entrypoint(env);
    assertEquals(0, run.code(), "second start: " + run.output());
    assertEquals(
        1, Files.readAllLines(instance.resolve("create.args")).size(), "not created again");
    assertEquals(
        Files.readString(DIR.resolve("broker.xml")),
        Files.readString(instance.resolve("etc/broker.xml")));
    assertEquals(
        "n-new",
        properties(instance.resolve("etc/artemis-users.properties"))
            .get(StackSecrets.NODE_BROKER_USER));

    env.remove("VOX_NODE_BROKER_PASSWORD");
    assertNotEquals(0, entrypoint(env).code(), "the nodes' password is required");
    env.put("VOX_NODE_BROKER_PASSWORD", "ENC(looks-hashed)");
    assertNotEquals(
        0, entrypoint(env).code(), "a password Artemis would take for a hash is refused");
    env.put("VOX_NODE_BROKER_PASSWORD", "n-new");
    env.put("VOX_BROKER_USER", StackSecrets.NODE_BROKER_USER);
    assertNotEquals(0, entrypoint(env).code(), "the master's user is not the nodes' user");
  }

  /** The script's exit code and what it printed (its refusals say why). */
  private record Run(int code, String output) {}

  private static Run entrypoint(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("sh", DIR.resolve("entrypoint.sh").toString()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VOX_") || k.equals("EXTRA_ARGS"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    return new Run(p.waitFor(), output);
  }

  /** A properties file read as Artemis's PropertiesLoginModule reads it (bytes, ISO-8859-1). */
  private static Map<String, String> properties(Path file) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, p::getProperty));
  }
}
