package io.vox.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * An Artemis broker in this process on 127.0.0.1 with Vox's destinations: {@code vox.control}
 * (multicast), {@code vox.events} and {@code vox.reports} (anycast); failed deliveries are retried
 * with a growing delay for about 3.5 minutes, then moved to {@code DLQ}. Persistent (journal under
 * {@code dir}). Only its users may connect (no anonymous login): the master's may do everything;
 * the nodes' ({@link #NODE_ROLE}) may read {@code vox.control} through a subscription of their own
 * and send reports, events and rejected messages, nothing else: a node cannot command the others.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
  private final int port;

  private final String user;
  private final String password;

  private EmbeddedBroker(
      int port,
      Path dir,
      boolean syncJournal,
      String user,
      String password,
      String nodeUser,
      String nodePassword)
      throws Exception {
    this.port = port;
    this.user = user;
    this.password = password;
    Configuration cfg =
        new ConfigurationImpl()
            .setName("vox-broker")
            .setPersistenceEnabled(true)
            .setJournalDirectory(dir.resolve("journal").toString())
            .setBindingsDirectory(dir.resolve("bindings").toString())
            .setLargeMessagesDirectory(dir.resolve("large").toString())
            .setPagingDirectory(dir.resolve("paging").toString())
            .setJournalSyncTransactional(syncJournal)
            .setJournalSyncNonTransactional(syncJournal)
            .setSecurityEnabled(true)
            .setJMXManagementEnabled(false)
            .addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
    addDestinationsAndRights(cfg);
    SecurityConfiguration users = new SecurityConfiguration();
    users.addUser(user, password);
    users.addRole(user, MASTER_ROLE);
    if (nodeUser != null) {
      users.addUser(nodeUser, nodePassword);
      users.addRole(nodeUser, NODE_ROLE);
    }
    broker.setSecurityManager(
        new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
    broker.setConfiguration(cfg);
    broker.start();
  }

  /** The master's role: it may do everything. */
  static final String MASTER_ROLE = "vox";

  /**
   * Adds Vox's addresses and queues, their settings (redelivery, DLQ, expiry) and the rights of
   * {@link #MASTER_ROLE} and {@link #NODE_ROLE} to {@code cfg}. docker/artemis/broker.xml holds the
   * same (DockerBrokerTest compares them), so the cluster's broker behaves as this one.
   */
  static Configuration addDestinationsAndRights(Configuration cfg) {
    cfg.addAddressConfiguration(
            new CoreAddressConfiguration()
                .setName("vox.control")
                .addRoutingType(RoutingType.MULTICAST))
        .addQueueConfiguration(
            QueueConfiguration.of("vox.events").setRoutingType(RoutingType.ANYCAST))
        .addQueueConfiguration(
            QueueConfiguration.of("vox.reports").setRoutingType(RoutingType.ANYCAST))
        .addQueueConfiguration(QueueConfiguration.of("DLQ").setRoutingType(RoutingType.ANYCAST))
        .addQueueConfiguration(
            QueueConfiguration.of("ExpiryQueue").setRoutingType(RoutingType.ANYCAST))
        .addAddressSetting(
            "#",
            new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                // a failure that passes (the database down) is retried for ~3.5 min:
                // 1, 2, 4, 8, 16 s, then every 30 s; unreadable messages skip this (rejected
                // to the DLQ at once by the consumers)
                .setMaxDeliveryAttempts(12)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(30_000));
    Role master = new Role(MASTER_ROLE, true, true, true, true, true, true, true, true, true, true);
    // the most specific match applies alone, so each node address names the master's role too;
    // arguments: send, consume, create/delete durable queue, create/delete non-durable queue,
    // manage, browse, create/delete address
    Role nodeReads =
        // the resource adapter's subscription asks to create the (existing) address too
        new Role(NODE_ROLE, false, true, false, false, true, true, false, false, true, false);
    Role nodeSends =
        new Role(NODE_ROLE, true, false, false, false, false, false, false, false, false, false);
    cfg.putSecurityRoles("#", Set.of(master));
    cfg.putSecurityRoles("vox.control", Set.of(master, nodeReads));
    for (String address : NODE_SENDS_TO) {
      cfg.putSecurityRoles(address, Set.of(master, nodeSends));
    }
    return cfg;
  }

  /** The nodes' role. */
  public static final String NODE_ROLE = "vox-node";

  /** Where nodes may send: reports, events and the messages they reject. */
  static final List<String> NODE_SENDS_TO = List.of("vox.reports", "vox.events", "DLQ");

  /**
   * Starts a broker on {@code port} with its data under {@code dir}, whose one user is {@code user}
   * with {@code password}, allowed everything.
   */
  public static EmbeddedBroker start(
      int port, Path dir, boolean syncJournal, String user, String password) throws Exception {
    return new EmbeddedBroker(port, dir, syncJournal, user, password, null, null);
  }

  /**
   * Starts a broker with the master's user {@code user} and the nodes' user {@code nodeUser} (see
   * the class comment for what each may do).
   */
  public static EmbeddedBroker start(
      int port,
      Path dir,
      boolean syncJournal,
      String user,
      String password,
      String nodeUser,
      String nodePassword)
      throws Exception {
    return new EmbeddedBroker(port, dir, syncJournal, user, password, nodeUser, nodePassword);
  }

  /** A JMS connection factory for this broker, logged in as its (master's) user. */
  public jakarta.jms.ConnectionFactory connectionFactory() {
    return connectionFactory(user, password);
  }

  /** A JMS connection factory for this broker, logged in as {@code login}. */
  public jakarta.jms.ConnectionFactory connectionFactory(String login, String secret) {
    return new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
        "tcp://127.0.0.1:" + port, login, secret);
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  /** Messages waiting in queue {@code name}, or -1 when there is no such queue. */
  public long messageCount(String name) {
    var queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
    return queue == null ? -1 : queue.getMessageCount();
  }

  /**
   * Holds queue {@code name}'s messages from its consumers (it still takes new ones) until {@link
   * #resume}.
   */
  public void pause(String name) {
    queue(name).pause();
  }

  /** Gives queue {@code name}'s messages to its consumers again, after {@link #pause}. */
  public void resume(String name) {
    queue(name).resume();
  }

  /**
   * Holds the messages of every subscription of topic {@code address} from its consumer, as a
   * network that drops them would, until {@link #dropAndResumeSubscriptions}.
   */
  public void pauseSubscriptions(String address) throws Exception {
    for (var q : subscriptions(address)) {
      q.pause();
    }
  }

  /** Messages waiting in the subscriptions of topic {@code address}. */
  public long subscriptionMessages(String address) {
    try {
      return subscriptions(address).stream().mapToLong(q -> q.getMessageCount()).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Drops what {@link #pauseSubscriptions} held, then lets new messages through again. */
  public void dropAndResumeSubscriptions(String address) throws Exception {
    for (var q : subscriptions(address)) {
      q.deleteAllReferences();
      q.resume();
    }
  }

  private List<org.apache.activemq.artemis.core.server.Queue> subscriptions(String address)
      throws Exception {
    List<org.apache.activemq.artemis.core.server.Queue> queues = new java.util.ArrayList<>();
    for (var b :
        broker
            .getActiveMQServer()
            .getPostOffice()
            .getBindingsForAddress(SimpleString.of(address))
            .getBindings()) {
      if (b instanceof org.apache.activemq.artemis.core.postoffice.QueueBinding qb) {
        queues.add(qb.getQueue());
      }
    }
    return queues;
  }

  /**
   * Until the returned handle is closed, a message of {@code address} goes to the DLQ after {@code
   * attempts} failed deliveries, {@code delayMs} apart: a redelivery budget a test can outlast in
   * seconds instead of the ~3.5 min of the real one. The other settings stay as they are.
   */
  public AutoCloseable redeliveryBudget(String address, int attempts, long delayMs) {
    var settings = broker.getActiveMQServer().getAddressSettingsRepository();
    settings.addMatch(
        address,
        new AddressSettings()
            .setMaxDeliveryAttempts(attempts)
            .setRedeliveryDelay(delayMs)
            .setRedeliveryMultiplier(1.0));
    return () -> settings.removeMatch(address);
  }

  /**
   * Moves every message of queue {@code from} to queue {@code to} (what a dead-lettering does to
   * one); returns how many it moved.
   */
  public int moveAll(String from, String to) throws Exception {
    queue(from);
    var control =
        (org.apache.activemq.artemis.api.core.management.QueueControl)
            broker
                .getActiveMQServer()
                .getManagementService()
                .getResource(
                    org.apache.activemq.artemis.api.core.management.ResourceNames.QUEUE + from);
    return control.moveMessages(null, to);
  }

  private org.apache.activemq.artemis.core.server.Queue queue(String name) {
    var queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
    if (queue == null) {
      throw new IllegalStateException("the broker has no queue " + name);
    }
    return queue;
  }

  @Override
  public void close() throws Exception {
    broker.stop();
  }
}
