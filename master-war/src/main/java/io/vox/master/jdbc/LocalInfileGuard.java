package io.vox.master.jdbc;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.RuntimeProperty;
import com.mysql.cj.jdbc.interceptors.ConnectionLifecycleInterceptor;
import com.mysql.cj.log.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Properties;

/**
 * Keeps LOAD DATA LOCAL closed on the master's connections except for the collector's own
 * statement. The data source sets {@code allowLoadLocalInfile=true} so the connection offers the
 * capability at its handshake, but with it on, the driver sends any file the server asks for in
 * answer to any query (a rogue server could read the master's files). This interceptor turns it off
 * right after each connection is made; {@link #open} turns it on for one statement that reads an
 * in-memory stream, which the driver sends whatever file the server names. The driver's {@code
 * allowLoadLocalInfileInPath} cannot do this: under it the driver opens the named file and ignores
 * the stream.
 */
public class LocalInfileGuard implements ConnectionLifecycleInterceptor {
  @Override
  public ConnectionLifecycleInterceptor init(MysqlConnection conn, Properties props, Log log) {
    conn.getPropertySet().getBooleanProperty(PropertyKey.allowLoadLocalInfile).setValue(false);
    return this;
  }

  /**
   * Runs {@code load}, a LOAD DATA LOCAL of an in-memory stream set on its statement, with the
   * capability on for {@code c} alone and only meanwhile.
   */
  public static <T> T open(Connection c, SqlCall<T> load) throws SQLException {
    RuntimeProperty<Boolean> local =
        c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
            .getPropertySet()
            .getBooleanProperty(PropertyKey.allowLoadLocalInfile);
    local.setValue(true);
    try {
      return load.call();
    } finally {
      local.setValue(false);
    }
  }

  /** A JDBC call. */
  @FunctionalInterface
  public interface SqlCall<T> {
    T call() throws SQLException;
  }

  @Override
  public void destroy() {}

  @Override
  public void close() {}

  @Override
  public boolean commit() {
    return true;
  }

  @Override
  public boolean rollback() {
    return true;
  }

  @Override
  public boolean rollback(Savepoint s) {
    return true;
  }

  @Override
  public boolean setAutoCommit(boolean flag) {
    return true;
  }

  @Override
  public boolean setDatabase(String db) {
    return true;
  }

  @Override
  public boolean transactionBegun() {
    return true;
  }

  @Override
  public boolean transactionCompleted() {
    return true;
  }
}
