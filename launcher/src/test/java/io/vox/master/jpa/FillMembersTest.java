package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.launcher.EmbeddedDatabase;
import io.vox.messaging.scenario.UserSplit;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real MariaDB: the SQL condition of a {@link UserSplit} picks the users Java puts in those
 * groups, and the fill of a node's missing results adds rows only for the users whose group took
 * part in the action.
 */
class FillMembersTest {
  @Test
  void theFillAddsRowsForTheMissingUsersOfTheActingGroupsOnly(@TempDir Path dir) throws Exception {
    UserSplit split = UserSplit.of(1000, 700, 250, 50);
    boolean[] acting = {true, false, true};
    UserSplit.Members members = split.members(acting);
    try (EmbeddedDatabase db = EmbeddedDatabase.start(freePort(), dir.resolve("db"));
        Connection c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE vox_result (run_id BIGINT NOT NULL, action INT NOT NULL, user_id BIGINT"
              + " NOT NULL, node_id VARCHAR(100) NOT NULL, intended_us BIGINT, start_us BIGINT,"
              + " latency_us BIGINT, status INT, error VARCHAR(500), loop_iterations INT NOT NULL,"
              + " loop_failures INT NOT NULL, queued_us BIGINT NOT NULL, user_group SMALLINT NOT NULL,"
              + " PRIMARY KEY (run_id, action, user_id))");
      Set<Long> inSql = new HashSet<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT u.n FROM "
                      + JpaRunStore.userIds(1000)
                      + " u WHERE "
                      + members.sql("u.n"));
          ResultSet rs = execute(ps, 0)) {
        while (rs.next()) {
          inSql.add(rs.getLong(1));
        }
      }
      assertEquals(
          LongStream.range(0, 1000).filter(members::has).boxed().collect(Collectors.toSet()),
          inSql);
      assertEquals(750, inSql.size());

      // node n2 holds users 300 to 699; 300 to 349 reported, the others never did
      for (long u = 300; u < 350; u++) {
        st.execute(
            "INSERT INTO vox_result VALUES (7, 1, "
                + u
                + ", 'n2', 1, 1, 5, 200, NULL, 0, 0, 0, 0)");
      }
      try (PreparedStatement fill =
          c.prepareStatement(
              JpaRunStore.fillResults(400, members.sql("u.n"), split.sqlGroup("u.n")))) {
        Object[] p = {7L, 1, "n2", 9L, 9L, "no result", 300L, 699L, 7L, 1};
        for (int i = 0; i < p.length; i++) {
          fill.setObject(i + 1, p[i]);
        }
        fill.executeUpdate();
      }
      Set<Long> rows = new HashSet<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT user_id, user_group FROM vox_result WHERE run_id = 7 AND action = 1"
                  + " AND user_id >= 350")) {
        while (rs.next()) {
          rows.add(rs.getLong(1));
          assertEquals(split.groupOf(rs.getLong(1)), rs.getInt(2), "user " + rs.getLong(1));
        }
      }
      LongStream.range(300, 350).forEach(rows::add);
      Set<Long> expected = LongStream.range(300, 350).boxed().collect(Collectors.toSet());
      LongStream.range(350, 700).filter(members::has).forEach(expected::add);
      assertEquals(expected, rows);
      assertEquals(50 + members.count(350, 699), rows.size());
    }
  }

  private static ResultSet execute(PreparedStatement ps, long first) throws Exception {
    ps.setLong(1, first);
    return ps.executeQuery();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
