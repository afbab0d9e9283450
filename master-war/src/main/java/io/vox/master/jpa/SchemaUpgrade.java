package io.vox.master.jpa;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What EclipseLink's "create or extend" cannot do. (1) Its DDL puts the columns of a composite
 * primary key in an order of its own ({@code vox_result} came out as {@code (action, run_id,
 * user_id)}), so the rows of different runs interleave and a run's rows are no range of the key:
 * deleting a run then scanned the table once per chunk. The big tables get their key in the order
 * every query needs, the run first. (2) It drops the index {@code ix_result_node} an older master
 * made, which cost every result insert ~30 % and no query needs. On a new database both are
 * instant; on an old one the key change rebuilds the table once (logged). A failure is logged and
 * leaves the schema as it was: it is slower, not wrong.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaUpgrade {
  private static final Logger LOG = Logger.getLogger(SchemaUpgrade.class.getName());

  /** The primary key of each table whose key EclipseLink may order otherwise. */
  static final Map<String, List<String>> KEYS =
      Map.of(
          "vox_result", List.of("run_id", "action", "user_id"),
          "vox_error", List.of("run_id", "action", "user_id"),
          "vox_slow", List.of("run_id", "action", "latency_us", "user_id"),
          "vox_second", List.of("run_id", "action", "at_second"));

  @Resource(lookup = "java:app/jdbc/vox")
  DataSource db;

  @PersistenceContext(unitName = "vox")
  EntityManager em;

  @PostConstruct
  void upgrade() {
    // a first query logs EclipseLink in, which creates the tables that are missing
    em.createNativeQuery("SELECT COUNT(*) FROM vox_run").getSingleResult();
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      for (Map.Entry<String, List<String>> k : KEYS.entrySet()) {
        List<String> now = primaryKey(c, k.getKey());
        if (!now.isEmpty() && !now.equals(k.getValue())) {
          long t0 = System.nanoTime();
          st.execute(
              "ALTER TABLE "
                  + k.getKey()
                  + " DROP PRIMARY KEY, ADD PRIMARY KEY ("
                  + String.join(", ", k.getValue())
                  + ")");
          LOG.info(
              () ->
                  k.getKey()
                      + ": primary key "
                      + now
                      + " is now "
                      + k.getValue()
                      + String.format(" (%.1f s)", (System.nanoTime() - t0) / 1e9));
        }
      }
      if (hasIndex(c, "vox_result", "ix_result_node")) {
        st.execute("ALTER TABLE vox_result DROP INDEX ix_result_node");
        LOG.info("dropped index ix_result_node of vox_result (no longer used)");
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "schema upgrade skipped", e);
    }
  }

  /** The columns of {@code table}'s primary key in order, lower case; empty if no such table. */
  static List<String> primaryKey(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = ? AND index_name = 'PRIMARY' ORDER BY seq_in_index")) {
      ps.setString(1, table);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return columns;
  }

  private static boolean hasIndex(Connection c, String table, String index) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = ? AND index_name = ?")) {
      ps.setString(1, table);
      ps.setString(2, index);
      try (var rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }
}
