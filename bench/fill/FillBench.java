package io.vox.master.jpa;

import io.vox.launcher.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Times JpaRunStore's fill of a lost slice (its own statements) on an embedded MariaDB: a slice of
 * N users of which every other one already has a row. Args: users, a scratch directory.
 */
public class FillBench {
  public static void main(String[] a) throws Exception {
    int users = Integer.parseInt(a[0]);
    try (EmbeddedDatabase db = EmbeddedDatabase.start(23306, Path.of(a[1]).resolve("db"));
        Connection c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        Statement st = c.createStatement()) {
      // the tables as EclipseLink makes them, with SchemaUpgrade's keys
      st.execute(
          "CREATE TABLE vox_result (run_id BIGINT NOT NULL, action INT NOT NULL, user_id BIGINT"
              + " NOT NULL, node_id VARCHAR(100) NOT NULL, intended_us BIGINT, start_us BIGINT,"
              + " latency_us BIGINT, status INT, error VARCHAR(500), loop_iterations INT NOT NULL,"
              + " loop_failures INT NOT NULL, queued_us BIGINT NOT NULL, user_group SMALLINT NOT NULL,"
              + " PRIMARY KEY (run_id, action, user_id))");
      st.execute(
          "CREATE TABLE vox_error (run_id BIGINT NOT NULL, action INT NOT NULL, user_id BIGINT"
              + " NOT NULL, node_id VARCHAR(100) NOT NULL, start_us BIGINT, latency_us BIGINT,"
              + " status INT, error VARCHAR(500), PRIMARY KEY (run_id, action, user_id))");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO vox_result SELECT 1, 1, u.n, 'n', 1, 1, 5, 200, NULL, 0, 0, 0 FROM "
                  + JpaRunStore.userIds(users)
                  + " u WHERE u.n <= ? AND u.n % 2 = 0")) {
        ps.setLong(1, 0);
        ps.setLong(2, users - 1);
        long t0 = System.nanoTime();
        int n = ps.executeUpdate();
        System.out.printf("seeded %,d reported rows in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      }
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      int added;
      try (PreparedStatement ps = c.prepareStatement(JpaRunStore.fillResults(users, "TRUE", "0"))) {
        Object[] args = {1L, 1, "n", 99L, 99L, "lost", 0L, users - 1L, 1L, 1};
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        added = ps.executeUpdate();
      }
      long t1 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement(JpaRunStore.FILL_ERRORS)) {
        Object[] args = {1L, 1, 0L, users - 1L, 99L, "lost"};
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        ps.executeUpdate();
      }
      c.commit();
      long t2 = System.nanoTime();
      System.out.printf(
          "fill of a %,d-user slice: %,d rows added; vox_result %.2f s, vox_error %.2f s,"
              + " with the commit %.2f s%n",
          users, added, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
    }
  }
}
