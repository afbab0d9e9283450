package io.vox.master.jpa;

import com.mysql.cj.jdbc.JdbcStatement;
import io.vox.master.jdbc.LocalInfileGuard;
import io.vox.messaging.ResultRows;
import io.vox.messaging.UserResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Writes a batch's rows into {@code vox_result}, on the caller's connection and in its transaction.
 * The fast way is {@code LOAD DATA LOCAL INFILE} of the rows' text as the node sent it (no file, no
 * copy): the server parses it faster than the same rows as one multi-row INSERT (figures in
 * docs/DESIGN-NOTES.md). When the server refuses it ({@code local_infile} is OFF by default on
 * MySQL 8, ON on MariaDB) the rows go as one multi-row INSERT instead, and LOAD DATA is tried again
 * after {@link #RETRY_LOAD_NANOS}.
 *
 * <p>LOAD DATA LOCAL skips a row whose key is already stored (with a warning) where INSERT fails; a
 * row count short of the batch's is turned into the same failure, so a result stored twice still
 * rolls back the batch.
 */
@ApplicationScoped
public class ResultRowWriter {
  private static final Logger LOG = Logger.getLogger(ResultRowWriter.class.getName());

  /**
   * How long the rows go by INSERT after the server refused LOAD DATA LOCAL (a retry costs one
   * round trip).
   */
  static final long RETRY_LOAD_NANOS = 10_000_000_000L;

  /**
   * Server error codes that mean "LOAD DATA LOCAL is disabled": MySQL 8 (3948, 3950), MariaDB
   * (4166), and the older "command not allowed" (1148).
   */
  static final Set<Integer> LOCAL_INFILE_REFUSED = Set.of(1148, 3948, 3950, 4166);

  static final String LOAD_HEAD = "LOAD DATA LOCAL INFILE 'vox_result.tsv' INTO TABLE vox_result";

  // fields are reached through methods only: callers hold a CDI proxy, whose fields are not these
  private final LongAdder loaded = new LongAdder();
  private final LongAdder inserted = new LongAdder();
  private volatile long insertUntilNanos;
  private volatile boolean insertsSince;

  /** Writes {@code results} (of one run and node) or throws; none is written twice. */
  public void write(Connection c, long runId, String nodeId, ResultRows results)
      throws SQLException {
    if (results.isEmpty()) {
      return;
    }
    if (!insertsSince || System.nanoTime() - insertUntilNanos > 0) {
      try (Statement st = c.createStatement()) {
        st.unwrap(JdbcStatement.class).setLocalInfileInputStream(results.textStream());
        long n = LocalInfileGuard.open(c, () -> st.executeLargeUpdate(loadData(runId, nodeId)));
        if (n != results.size()) {
          throw new SQLException(
              "run="
                  + runId
                  + " node="
                  + nodeId
                  + ": "
                  + (results.size() - n)
                  + " of the batch's results were already stored",
              "23000",
              1062);
        }
        loaded.add(n);
        if (insertsSince) {
          insertsSince = false;
          LOG.info("LOAD DATA LOCAL INFILE is accepted again: result rows are loaded");
        }
        return;
      } catch (SQLException e) {
        if (!LOCAL_INFILE_REFUSED.contains(e.getErrorCode())) {
          throw e;
        }
        // the failed statement changed nothing; the transaction goes on with the INSERT
        insertUntilNanos = System.nanoTime() + RETRY_LOAD_NANOS;
        if (!insertsSince) {
          insertsSince = true;
          LOG.warning(
              "The database refused LOAD DATA LOCAL INFILE (error "
                  + e.getErrorCode()
                  + ": "
                  + e.getMessage()
                  + "); result rows go by multi-row INSERT, which is slower. Set local_infile=ON"
                  + " on the server (MySQL 8: SET PERSIST local_infile = 1).");
        }
      }
    }
    try (Statement st = c.createStatement()) {
      st.executeUpdate(rowsInsert(runId, nodeId, results));
      inserted.add(results.size());
    }
  }

  /** Rows written by LOAD DATA LOCAL INFILE since this master started. */
  public long loadedRows() {
    return loaded.sum();
  }

  /** Rows written by INSERT (LOAD DATA refused) since this master started. */
  public long insertedRows() {
    return inserted.sum();
  }

  /**
   * The statement: the text's columns ({@link ResultRows#COLUMNS}, in LOAD DATA's default field
   * format, which is the text's), then the run and node, the same for every row of a batch, as
   * constants.
   */
  static String loadData(long runId, String nodeId) {
    return LOAD_HEAD
        + " CHARACTER SET utf8mb4 ("
        + String.join(", ", ResultRows.COLUMNS)
        + ") SET run_id = "
        + runId
        + ", node_id = "
        + hex(nodeId);
  }

  /**
   * One multi-row INSERT of {@code results} written as SQL text: numbers as digits, strings as hex
   * literals ({@code X'..'}, which need no escaping in any SQL mode). It is the statement
   * Connector/J sends for a rewritten batch anyway, without binding 11 parameter objects per row,
   * which took half of the collector's CPU (bench/README.md).
   */
  static String rowsInsert(long runId, String nodeId, ResultRows results) {
    String node = hex(nodeId);
    StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + results.size() * 120);
    sql.append(INSERT_HEAD);
    for (int i = 0; i < results.size(); i++) {
      UserResult r = results.get(i);
      sql.append(i == 0 ? "(" : ",(")
          .append(runId)
          .append(',')
          .append(r.action())
          .append(',')
          .append(r.user())
          .append(',')
          .append(node)
          .append(',')
          .append(r.intendedUs())
          .append(',')
          .append(r.startUs())
          .append(',')
          .append(r.latencyUs())
          .append(',')
          .append(r.status())
          .append(',')
          .append(r.error() == null ? "NULL" : hex(r.error()))
          .append(',')
          .append(r.loopIterations())
          .append(',')
          .append(r.loopFailures())
          .append(',')
          .append(r.queuedUs())
          .append(',')
          .append(r.group())
          .append(')');
    }
    return sql.toString();
  }

  private static final String INSERT_HEAD =
      "INSERT INTO vox_result (run_id, action, user_id, node_id, intended_us, start_us,"
          + " latency_us, status, error, loop_iterations, loop_failures, queued_us, user_group)"
          + " VALUES ";
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** {@code s} as a MySQL hex string literal of its UTF-8 bytes. */
  static String hex(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length == 0) {
      return "''";
    }
    byte[] out = new byte[b.length * 2 + 3];
    out[0] = 'X';
    out[1] = '\'';
    for (int i = 0; i < b.length; i++) {
      out[2 + 2 * i] = HEX[(b[i] >> 4) & 0xF];
      out[3 + 2 * i] = HEX[b[i] & 0xF];
    }
    out[out.length - 1] = '\'';
    return new String(out, StandardCharsets.US_ASCII);
  }
}
