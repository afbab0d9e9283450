package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.boot.MasterRuntime;
import io.vox.master.jpa.ResultRowWriter;
import io.vox.messaging.ResultRows;
import io.vox.messaging.UserResult;
import jakarta.annotation.sql.DataSourceDefinition;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's data source, with its own driver properties, on a real MariaDB: a LOAD DATA LOCAL
 * that names a file on the master's disk sends nothing, while the collector's load of rows from
 * memory works, even when it names that file.
 */
class LocalInfileGuardTest {
  @Test
  void theMastersConnectionsSendNoFileButTheCollectorLoadsItsRows(@TempDir Path dir)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.tsv"), "9\t9\n");
    String driverProperties =
        Arrays.stream(MasterRuntime.class.getAnnotation(DataSourceDefinition.class).properties())
            .filter(p -> !p.startsWith("fish.payara."))
            .collect(Collectors.joining("&"));
    try (EmbeddedDatabase db = EmbeddedDatabase.start(freePort(), dir.resolve("db"));
        Connection c =
            DriverManager.getConnection(db.jdbcUrl() + "&" + driverProperties, "vox", "vox");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (a INT, b INT)");
      st.execute(
          "CREATE TABLE vox_result (run_id BIGINT NOT NULL, action INT NOT NULL, user_id BIGINT"
              + " NOT NULL, node_id VARCHAR(100) NOT NULL, intended_us BIGINT, start_us BIGINT,"
              + " latency_us BIGINT, status INT, error VARCHAR(500), loop_iterations INT NOT NULL,"
              + " loop_failures INT NOT NULL, queued_us BIGINT NOT NULL, user_group SMALLINT NOT NULL,"
              + " PRIMARY KEY (run_id, action, user_id))");
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> st.executeUpdate("LOAD DATA LOCAL INFILE '" + secret + "' INTO TABLE t"));
      assertTrue(refused.getMessage().contains("not enabled at client"), refused.getMessage());

      ResultRowWriter rows = new ResultRowWriter();
      rows.write(c, 7, "n1", ResultRows.of(List.of(UserResult.once(3, 1, 10, 11, 12, 200, null))));
      assertEquals(1, rows.loadedRows(), "by LOAD DATA, not the INSERT fallback");
      assertEquals(1, count(st, "SELECT COUNT(*) FROM vox_result WHERE run_id = 7"));

      assertThrows(
          SQLException.class,
          () -> st.executeUpdate("LOAD DATA LOCAL INFILE '" + secret + "' INTO TABLE t"),
          "closed again after the collector's statement");
      assertEquals(0, count(st, "SELECT COUNT(*) FROM t"), "the file never reached the server");
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
