package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No container engine runs here, so the images and the compose file are checked as files: that they
 * run the parts the way the launcher and the integration tests do (same Payara, Artemis and RA
 * settings, same JVM options, same database URL settings) and that the cluster scales and keeps no
 * password in its defaults.
 */
class DockerFilesTest {
  private static final Path DOCKER = Path.of("..", "docker");

  private static String read(String name) throws Exception {
    return Files.readString(DOCKER.resolve(name));
  }

  private static String pomProperty(String name) throws Exception {
    Matcher m =
        Pattern.compile("<" + name + ">([^<]+)</" + name + ">")
            .matcher(Files.readString(Path.of("..", "pom.xml")));
    assertTrue(m.find(), name);
    return m.group(1);
  }

  @Test
  void theEntrypointBootsPayaraAsTheLauncherDoes() throws Exception {
    String script = read("payara-entrypoint.sh").replace("\\\\", "\\");
    List<String> expected =
        PayaraProcess.postBootCommands(
            "${VOX_BROKER_HOST:-artemis}",
            "${VOX_BROKER_PORT:-61616}",
            ":UserName=${VOX_BROKER_USER}:Password=${VOX_BROKER_PASSWORD}");
    String commands =
        script.replaceFirst("(?s).*<<COMMANDS\n(.*?)COMMANDS\n.*", "$1").stripTrailing();
    assertEquals(String.join("\n", expected), commands);
    assertTrue(script.contains(String.join(" ", PayaraProcess.PAYARA_OPTIONS)), script);
    Process sh =
        new ProcessBuilder("sh", "-n", DOCKER.resolve("payara-entrypoint.sh").toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, sh.waitFor(), "sh -n: " + new String(sh.getInputStream().readAllBytes()));
    assertTrue(
        script.indexOf("--deploy /opt/vox/artemis-rar.rar") < script.indexOf("--deploy \"/opt"),
        "the RAR before the WAR");
  }

  @Test
  void theImagesRunTheProjectsVersionsWithTheLaunchersJvmOptions() throws Exception {
    String payara = "FROM payara/micro:" + pomProperty("payara.version") + "-jdk17";
    for (String role : List.of("master", "node")) {
      String dockerfile = read(role + ".Dockerfile");
      assertTrue(dockerfile.contains(payara), role + " runs Payara Micro " + payara);
      List<String> jvm = role.equals("master") ? LocalStack.MASTER_JVM : LocalStack.NODE_JVM;
      assertTrue(
          dockerfile.contains("JAVA_OPTS=\"" + String.join(" ", jvm) + "\""),
          role + " JVM options: " + jvm);
      assertTrue(dockerfile.contains("VOX_WAR=" + role + ".war"));
    }
    // the bench's plain-Netty references run with the node's options, to compare client code
    assertTrue(
        Files.readString(Path.of("..", "bench", "harness", "lib", "common.sh"))
            .contains("NODE_JVM_OPTS=\"" + String.join(" ", LocalStack.NODE_JVM) + "\""),
        "bench/harness/lib/common.sh NODE_JVM_OPTS: " + LocalStack.NODE_JVM);
    assertTrue(
        read("artemis.Dockerfile")
            .contains("FROM apache/activemq-artemis:" + pomProperty("artemis.server.version")),
        "the broker the tests embed");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeFileRunsAScalableClusterWithoutDefaultPasswords() throws Exception {
    Map<String, Object> compose = new Yaml().load(read("compose.yaml"));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    assertEquals(
        List.of("artemis", "mysql", "master", "node", "prometheus", "grafana", "demo"),
        List.copyOf(services.keySet()));

    Map<String, Object> artemis = services.get("artemis");
    assertEquals(
        Map.of("context", "..", "dockerfile", "docker/artemis.Dockerfile"),
        artemis.get("build"),
        "the broker with Vox's broker.xml and users (DockerBrokerTest)");

    Map<String, Object> node = services.get("node");
    assertFalse(node.containsKey("container_name"), "--scale node=N needs no fixed name");
    assertFalse(node.containsKey("ports"), "--scale node=N needs no fixed host port");
    Map<String, String> nodeEnv = (Map<String, String>) node.get("environment");
    assertEquals("artemis", nodeEnv.get("VOX_BROKER_HOST"), "a node needs only the broker");

    assertEquals(
        StackSecrets.NODE_BROKER_USER,
        nodeEnv.get("VOX_BROKER_USER"),
        "nodes log in as the nodes' user, which cannot command");
    assertEquals(
        "${VOX_NODE_BROKER_PASSWORD:?set VOX_NODE_BROKER_PASSWORD}",
        nodeEnv.get("VOX_BROKER_PASSWORD"),
        "with the nodes' password");

    Map<String, String> master = (Map<String, String>) services.get("master").get("environment");
    Map<String, String> broker = (Map<String, String>) artemis.get("environment");
    assertEquals(
        "${VOX_BROKER_USER:-" + StackSecrets.BROKER_USER + "}",
        master.get("VOX_BROKER_USER"),
        "the master logs in as the master's user");
    for (String key : List.of("VOX_BROKER_USER", "VOX_BROKER_PASSWORD")) {
      assertEquals(master.get(key), broker.get(key), "the broker has the master's " + key);
    }
    assertEquals(
        nodeEnv.get("VOX_BROKER_PASSWORD"),
        broker.get("VOX_NODE_BROKER_PASSWORD"),
        "the broker has the nodes' password");
    assertEquals(
        "jdbc:mysql://mysql:3306/vox?" + EmbeddedDatabase.URL_PARAMS, master.get("VOX_DB_URL"));
    for (String secret :
        List.of(
            master.get("VOX_DB_PASSWORD"),
            master.get("VOX_BROKER_PASSWORD"),
            nodeEnv.get("VOX_BROKER_PASSWORD"),
            broker.get("VOX_NODE_BROKER_PASSWORD"))) {
      assertTrue(
          secret.matches("\\$\\{VOX_\\w+_PASSWORD:\\?.+}"), "required, no default: " + secret);
    }
    assertEquals(
        "${VOX_SECURITY_USERS:?set VOX_SECURITY_USERS},prometheus:viewer:"
            + "${VOX_PROMETHEUS_PASSWORD:?set VOX_PROMETHEUS_PASSWORD}",
        master.get(LocalStack.MASTER_USERS_ENV),
        "the master's users are required, none by default; Prometheus's password too");
    assertEquals(
        List.of("--local-infile=1"),
        services.get("mysql").get("command"),
        "MySQL accepts the collector's LOAD DATA LOCAL INFILE");
  }

  /**
   * Runs Debian's docker-compose 1.29, a real Compose that checks a file without a daemon, on the
   * compose file with {@code env} set; its exit code and output.
   */
  private static Object[] compose(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "docker-compose", "-f", DOCKER.resolve("compose.yaml").toString(), "config")
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VOX_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "docker-compose ended");
    return new Object[] {p.exitValue(), out};
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRealComposeAcceptsTheFileAndTheNodesCanScale() throws Exception {
    boolean present =
        java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "docker-compose")));
    assertTrue(present || !"true".equals(System.getenv("CI")), ".ci/run installs docker-compose");
    org.junit.jupiter.api.Assumptions.assumeTrue(present, "no docker-compose here");
    Map<String, String> env =
        Map.of(
            "VOX_DB_PASSWORD", "db-secret",
            "VOX_BROKER_PASSWORD", "broker-secret",
            "VOX_NODE_BROKER_PASSWORD", "node-secret",
            "VOX_SECURITY_USERS", "admin:admin:x",
            "VOX_PROMETHEUS_PASSWORD", "prom-secret",
            "VOX_GRAFANA_PASSWORD", "grafana-secret");
    Object[] run = compose(env);
    assertEquals(0, run[0], (String) run[1]);
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>)
            new Yaml().<Map<String, Object>>load((String) run[1]).get("services");
    assertTrue(
        services.keySet().containsAll(List.of("artemis", "mysql", "master", "node", "demo")),
        services.keySet().toString());
    assertEquals(
        "admin:admin:x,prometheus:viewer:prom-secret",
        ((Map<String, Object>) services.get("master").get("environment")).get("VOX_SECURITY_USERS"),
        "Prometheus logs in to the master as a viewer");
    Map<String, Object> node = services.get("node");
    assertFalse(node.containsKey("container_name"), "--scale node=N needs names Compose makes");
    assertFalse(
        String.valueOf(node.get("ports")).contains("published"),
        "a node publishes no host port, which N of them would share: " + node.get("ports"));
    assertTrue(
        Files.readString(DOCKER.resolve(".env")).contains("COMPOSE_PROJECT_NAME=vox"),
        "the project keeps its name without the top-level name: that Compose 1.x refuses");

    Map<String, String> missing = new java.util.HashMap<>(env);
    missing.remove("VOX_BROKER_PASSWORD");
    Object[] refused = compose(missing);
    assertTrue((int) refused[0] != 0, (String) refused[1]);
    assertTrue(((String) refused[1]).contains("set VOX_BROKER_PASSWORD"), (String) refused[1]);
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesTheMasterAndEveryNodeAndGrafanaShowsTheDashboard() throws Exception {
    Map<String, Object> prometheus = new Yaml().load(read("prometheus/prometheus.yml"));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
    Map<String, Object> master = jobs.get(0);
    assertEquals("/master/api/metrics", master.get("metrics_path"));
    assertEquals(
        Map.of("username", "prometheus", "password_file", "/tmp/vox-master-password"),
        master.get("basic_auth"));
    Map<String, Object> nodes = jobs.get(1);
    assertEquals("/node/api/metrics", nodes.get("metrics_path"));
    assertEquals(
        List.of("node"),
        ((List<Map<String, Object>>) nodes.get("dns_sd_configs")).get(0).get("names"),
        "every node of --scale, by the service's name");
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>)
            new Yaml().<Map<String, Object>>load(read("compose.yaml")).get("services");
    assertTrue(
        String.valueOf(services.get("prometheus").get("entrypoint"))
            .contains("> /tmp/vox-master-password"),
        "the password file Prometheus reads is written from the environment");
    Map<String, Object> source =
        ((List<Map<String, Object>>)
                new Yaml()
                    .<Map<String, Object>>load(
                        read("grafana/provisioning/datasources/prometheus.yaml"))
                    .get("datasources"))
            .get(0);
    assertEquals("http://prometheus:9090", source.get("url"));
    jakarta.json.JsonObject dashboard =
        jakarta.json.Json.createReader(
                new java.io.StringReader(read("grafana/dashboards/vox.json")))
            .readObject();
    for (var panel : dashboard.getJsonArray("panels")) {
      assertEquals(
          source.get("uid"),
          panel.asJsonObject().getJsonObject("datasource").getString("uid"),
          "each panel reads the provisioned source: " + panel.asJsonObject().getString("title"));
    }
    // which metrics exist is checked against a live master and nodes in WholeRunIT
  }
}
