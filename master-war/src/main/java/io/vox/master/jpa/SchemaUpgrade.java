package io.vox.master.jpa;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What EclipseLink's "create or extend" cannot do to a database an older master made: drop the
 * index {@code ix_result_node} of {@code vox_result}, which cost every result insert ~30 % and no
 * query needs any more. A failure is logged and leaves the schema as it was: it is slower, not
 * wrong.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaUpgrade {
  private static final Logger LOG = Logger.getLogger(SchemaUpgrade.class.getName());

  @Resource(lookup = "java:app/jdbc/vox")
  DataSource db;

  @PostConstruct
  void upgrade() {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      boolean present;
      try (var rs =
          st.executeQuery(
              "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                  + " AND table_name = 'vox_result' AND index_name = 'ix_result_node'")) {
        present = rs.next() && rs.getLong(1) > 0;
      }
      if (present) {
        st.execute("ALTER TABLE vox_result DROP INDEX ix_result_node");
        LOG.info("dropped index ix_result_node of vox_result (no longer used)");
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "schema upgrade skipped", e);
    }
  }
}
