package io.vox.master.jdbc;

import io.vox.master.app.ExportFormat;
import io.vox.master.app.port.ReportQueries;
import io.vox.master.jpa.SlowFloors;
import io.vox.master.report.ErrorGroups;
import io.vox.master.report.LatencyOverTime;
import io.vox.master.report.NodeSkew;
import io.vox.master.report.RequestStats;
import io.vox.master.report.ResultList;
import io.vox.master.report.ResultView;
import io.vox.master.report.Timeline;
import io.vox.messaging.LatencyHistograms;
import io.vox.persistence.SlowRow;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.apache.commons.csv.CSVFormat;

/**
 * The reports that read result rows, in plain SQL over JDBC (MySQL 8 and MariaDB alike), each
 * shaped so it answers from an index range: errors from {@code vox_error} (the failed rows only),
 * an action's rows through the primary key (run, action, user), one user's rows as one primary key
 * lookup per action. Exports stream rows in key order from the server (Connector/J streaming result
 * set), never holding a run in memory. Deleting a run deletes its rows in chunks, each its own
 * statement, so no transaction grows with the run.
 */
@ApplicationScoped
public class RunQueries implements ReportQueries {
  private static final Logger LOG = Logger.getLogger(RunQueries.class.getName());
  private static final String ROW_COLUMNS =
      "user_id, action, node_id, intended_us, start_us, latency_us, status, error";

  /** {@link #ROW_COLUMNS} of {@code vox_result r} in a join. */
  private static final String ROW_COLUMNS_OF_R = ROW_COLUMNS.replaceAll("(\\w+)", "r.$1");

  private static final int DELETE_CHUNK = 50_000;

  @Resource(lookup = "java:app/jdbc/vox")
  DataSource db;

  @Inject SlowFloors floors;

  /** Failed results counted per action and reason ({@code byNode} false) or node. */
  public ErrorGroups errorGroups(long runId, int action, boolean byNode, int limit) {
    String key = byNode ? "node_id" : "error";
    String sql =
        "SELECT action, "
            + key
            + ", COUNT(*) AS n FROM vox_error WHERE run_id = ?"
            + (action > 0 ? " AND action = ?" : "")
            + " GROUP BY action, "
            + key
            + " ORDER BY n DESC, action, "
            + key
            + " LIMIT ?";
    List<ErrorGroups.Group> groups = new ArrayList<>();
    query(
        sql,
        ps -> {
          int i = 1;
          ps.setLong(i++, runId);
          if (action > 0) {
            ps.setInt(i++, action);
          }
          ps.setInt(i, limit);
        },
        rs -> groups.add(new ErrorGroups.Group(rs.getInt(1), rs.getString(2), rs.getLong(3))));
    return new ErrorGroups(runId, byNode ? "node" : "reason", groups);
  }

  /** The failed results by action then user, page {@code page} of {@code size}. */
  public ResultList errorsByUser(long runId, int action, int page, int size) {
    String sql =
        "SELECT user_id, action, node_id, 0, start_us, latency_us, status, error FROM vox_error"
            + " WHERE run_id = ?"
            + (action > 0 ? " AND action = ?" : "")
            + " ORDER BY action, user_id LIMIT ? OFFSET ?";
    List<ResultView.Row> rows = new ArrayList<>();
    query(
        sql,
        ps -> {
          int i = 1;
          ps.setLong(i++, runId);
          if (action > 0) {
            ps.setInt(i++, action);
          }
          ps.setInt(i++, size);
          ps.setLong(i, (long) page * size);
        },
        rs -> rows.add(row(rs)));
    return new ResultList(runId, "errors by user", rows);
  }

  /**
   * The {@code limit} successful results of {@code action} with the highest latency: up to {@link
   * SlowRow#KEPT}, the keys of {@code vox_slow} in latency order, then each one's row; more, a scan
   * of the action's rows.
   */
  public ResultList slowest(long runId, int action, int limit) {
    List<ResultView.Row> rows = new ArrayList<>();
    query(
        limit <= SlowRow.KEPT
            ? "SELECT "
                + ROW_COLUMNS_OF_R
                + " FROM vox_slow s JOIN vox_result r ON r.run_id = s.run_id"
                + " AND r.action = s.action AND r.user_id = s.user_id"
                + " WHERE s.run_id = ? AND s.action = ? ORDER BY s.latency_us DESC LIMIT ?"
            : "SELECT "
                + ROW_COLUMNS
                + " FROM vox_result WHERE run_id = ? AND action = ? AND error IS NULL"
                + " ORDER BY latency_us DESC LIMIT ?",
        ps -> {
          ps.setLong(1, runId);
          ps.setInt(2, action);
          ps.setInt(3, limit);
        },
        rs -> rows.add(row(rs)));
    return new ResultList(runId, "slowest of action " + action, rows);
  }

  /** User {@code user}'s result of each of the run's {@code actions} actions, in order. */
  public ResultList user(long runId, long user, int actions) {
    List<ResultView.Row> rows = new ArrayList<>();
    if (actions > 0) {
      String in =
          IntStream.rangeClosed(1, actions)
              .mapToObj(Integer::toString)
              .collect(Collectors.joining(","));
      query(
          "SELECT "
              + ROW_COLUMNS
              + " FROM vox_result WHERE run_id = ? AND action IN ("
              + in
              + ") AND user_id = ? ORDER BY action",
          ps -> {
            ps.setLong(1, runId);
            ps.setLong(2, user);
          },
          rs -> rows.add(row(rs)));
    }
    return new ResultList(runId, "user " + user, rows);
  }

  /**
   * Results per second of their start, of {@code action} or (0) all actions, from the per-second
   * sums the collector keeps ({@code vox_second}): a few rows a second, whatever the run's size.
   */
  public Timeline timeline(long runId, int action) {
    String sql =
        "SELECT at_second, SUM(results), SUM(errors), SUM(latency_sum_us), MAX(latency_max_us)"
            + " FROM vox_second WHERE run_id = ?"
            + (action > 0 ? " AND action = ?" : "")
            + " GROUP BY at_second ORDER BY at_second LIMIT 1000000";
    List<Timeline.Second> seconds = new ArrayList<>();
    query(
        sql,
        ps -> {
          ps.setLong(1, runId);
          if (action > 0) {
            ps.setInt(2, action);
          }
        },
        rs -> {
          long count = rs.getLong(2);
          long errors = rs.getLong(3);
          long ok = count - errors;
          seconds.add(
              new Timeline.Second(
                  rs.getLong(1),
                  count,
                  errors,
                  ok > 0 ? Math.round((double) rs.getLong(4) / ok) / 1000.0 : null,
                  ok > 0 ? rs.getLong(5) / 1000.0 : null));
        });
    return new Timeline(runId, action, seconds);
  }

  /** Latency percentiles per second from the batches' histograms, by the second stored. */
  public LatencyOverTime latencyOverTime(long runId) {
    Map<Long, Histogram> perSecond = new TreeMap<>();
    query(
        "SELECT b.stored_at_ms DIV 1000, h.hdr FROM vox_histogram h"
            + " JOIN vox_batch b ON b.batch_id = h.batch_id WHERE h.run_id = ?",
        ps -> ps.setLong(1, runId),
        rs ->
            LatencyHistograms.addInto(
                perSecond.computeIfAbsent(rs.getLong(1), k -> new Histogram(3)), rs.getString(2)));
    List<LatencyOverTime.Second> seconds = new ArrayList<>();
    perSecond.forEach(
        (second, h) -> {
          if (h.getTotalCount() > 0) {
            seconds.add(
                new LatencyOverTime.Second(
                    second,
                    h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(95) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0));
          }
        });
    List<LatencyOverTime.Requests> requests = new ArrayList<>();
    query(
        "SELECT b.stored_at_ms DIV 1000 AS s, SUM(h.requests), SUM(h.errors)"
            + " FROM vox_request_histogram h JOIN vox_batch b ON b.batch_id = h.batch_id"
            + " WHERE h.run_id = ? GROUP BY s ORDER BY s",
        ps -> ps.setLong(1, runId),
        rs ->
            requests.add(
                new LatencyOverTime.Requests(rs.getLong(1), rs.getLong(2), rs.getLong(3))));
    return new LatencyOverTime(runId, seconds, requests);
  }

  /** Dispatch skew per node and action, merged from the batches' dispatch histograms. */
  public NodeSkew skewByNode(long runId) {
    Map<String, Histogram> perNode = new TreeMap<>();
    query(
        "SELECT b.node_id, h.action, h.dispatch_hdr FROM vox_histogram h"
            + " JOIN vox_batch b ON b.batch_id = h.batch_id"
            + " WHERE h.run_id = ? AND h.dispatch_hdr IS NOT NULL",
        ps -> ps.setLong(1, runId),
        rs ->
            LatencyHistograms.addInto(
                perNode.computeIfAbsent(
                    rs.getString(1) + "\u0000" + String.format("%09d", rs.getInt(2)),
                    k -> new Histogram(3)),
                rs.getString(3)));
    Map<String, double[]> delivery = new java.util.HashMap<>();
    query(
        "SELECT b.node_id, h.action, MAX(h.delivery_us), MAX(h.clock_error_us) FROM vox_histogram h"
            + " JOIN vox_batch b ON b.batch_id = h.batch_id"
            + " WHERE h.run_id = ? AND h.delivery_us IS NOT NULL GROUP BY b.node_id, h.action",
        ps -> ps.setLong(1, runId),
        rs ->
            delivery.put(
                rs.getString(1) + "\u0000" + String.format("%09d", rs.getInt(2)),
                new double[] {rs.getLong(3) / 1000.0, rs.getLong(4) / 1000.0}));
    List<NodeSkew.Entry> entries = new ArrayList<>();
    perNode.forEach(
        (key, h) -> {
          int cut = key.indexOf('\u0000');
          double[] d = delivery.get(key);
          entries.add(
              new NodeSkew.Entry(
                  key.substring(0, cut),
                  Integer.parseInt(key.substring(cut + 1)),
                  h.getTotalCount(),
                  h.getValueAtPercentile(50) / 1000.0,
                  h.getValueAtPercentile(99) / 1000.0,
                  h.getMaxValue() / 1000.0,
                  d == null ? null : d[0],
                  d == null ? null : d[1]));
        });
    return new NodeSkew(runId, entries);
  }

  @Override
  public List<RequestStats.Figures> requestFigures(long runId) {
    Map<Long, StepMerge> merged = new TreeMap<>();
    query(
        "SELECT action, user_group, step, requests, errors, hdr, corrected_hdr, body_bytes,"
            + " dns_us, connect_us, tls_us, wait_us, download_us, answered"
            + " FROM vox_request_histogram WHERE run_id = ?",
        ps -> ps.setLong(1, runId),
        rs -> {
          int action = rs.getInt(1);
          int group = rs.getInt(2);
          int step = rs.getInt(3);
          StepMerge m =
              merged.computeIfAbsent(
                  (long) action << 32 | (long) group << 16 | step,
                  k -> new StepMerge(action, group, step));
          m.count += rs.getLong(4);
          m.errors += rs.getLong(5);
          for (int i = 0; i < m.sums.length; i++) {
            m.sums[i] += rs.getLong(8 + i); // null (a row stored before) reads 0
          }
          String hdr = rs.getString(6);
          if (hdr != null) {
            LatencyHistograms.addInto(m.latency, hdr);
            LatencyHistograms.addInto(m.corrected, rs.getString(7));
          }
        });
    return merged.values().stream()
        .map(
            m ->
                new RequestStats.Figures(
                    m.action, m.group, m.step, m.count, m.errors, m.latency, m.corrected, m.sums))
        .toList();
  }

  /** One request step's batches, merged. */
  private static final class StepMerge {
    final int action;
    final int group;
    final int step;
    long count;
    long errors;
    final long[] sums = new long[7]; // body bytes, the phases' µs, then those answered
    final Histogram latency = new Histogram(3);
    final Histogram corrected = new Histogram(3);

    StepMerge(int action, int group, int step) {
      this.action = action;
      this.group = group;
      this.step = step;
    }
  }

  /** Columns of an export, in order. */
  static final List<String> EXPORT_COLUMNS =
      List.of(
          "run",
          "action",
          "user",
          "node",
          "intended_us",
          "start_us",
          "latency_us",
          "status",
          "error",
          "loop_iterations",
          "loop_failures",
          "queued_us",
          "group");

  /**
   * Writes every row of the run to {@code out} in key order (action, user): CSV with a header line,
   * or a JSON array of objects. Rows stream from the database as they are written.
   */
  @Override
  public void export(long runId, ExportFormat format, OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    JsonGenerator json = format == ExportFormat.JSON ? Json.createGenerator(w) : null;
    if (json != null) {
      json.writeStartArray();
    } else {
      CSV.printRecord(w, EXPORT_COLUMNS.toArray());
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT action, user_id, node_id, intended_us, start_us, latency_us, status,"
                    + " error, loop_iterations, loop_failures, queued_us, user_group FROM vox_result"
                    + " WHERE run_id = ?"
                    + " ORDER BY action, user_id",
                ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
      ps.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows, do not buffer the result
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (json != null) {
            json.writeStartObject()
                .write("run", runId)
                .write("action", rs.getInt(1))
                .write("user", rs.getLong(2))
                .write("node", rs.getString(3))
                .write("intended_us", rs.getLong(4))
                .write("start_us", rs.getLong(5))
                .write("latency_us", rs.getLong(6))
                .write("status", rs.getInt(7));
            String error = rs.getString(8);
            if (error == null) {
              json.writeNull("error");
            } else {
              json.write("error", error);
            }
            json.write("loop_iterations", rs.getInt(9))
                .write("loop_failures", rs.getInt(10))
                .write("queued_us", rs.getLong(11))
                .write("group", rs.getInt(12))
                .writeEnd();
          } else {
            csvRow(
                w,
                runId,
                rs.getInt(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getInt(7),
                rs.getString(8),
                rs.getInt(9),
                rs.getInt(10),
                rs.getLong(11),
                rs.getInt(12));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("run=" + runId + ": export failed", e);
    }
    if (json != null) {
      json.writeEnd();
      json.flush();
    }
    w.flush();
  }

  /** CSV through commons-csv: RFC 4180 quoting, one {@code \n} per row. */
  static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  /**
   * One export row in {@link #EXPORT_COLUMNS} order. The numbers are written as they are and
   * commons-csv quotes the two text fields (a null error is an empty field): a CSVPrinter for every
   * field formatted 2.4 times slower, which a 10M-row export would feel.
   */
  static void csvRow(
      Writer w,
      long run,
      int action,
      long user,
      String node,
      long intendedUs,
      long startUs,
      long latencyUs,
      int status,
      String error,
      int loopIterations,
      int loopFailures,
      long queuedUs,
      int group)
      throws IOException {
    w.write(Long.toString(run));
    w.write(',');
    w.write(Integer.toString(action));
    w.write(',');
    w.write(Long.toString(user));
    CSV.print(node, w, false);
    w.write(',');
    w.write(Long.toString(intendedUs));
    w.write(',');
    w.write(Long.toString(startUs));
    w.write(',');
    w.write(Long.toString(latencyUs));
    w.write(',');
    w.write(Integer.toString(status));
    CSV.print(error, w, false);
    w.write(',');
    w.write(Integer.toString(loopIterations));
    w.write(',');
    w.write(Integer.toString(loopFailures));
    w.write(',');
    w.write(Long.toString(queuedUs));
    w.write(',');
    w.write(Integer.toString(group));
    w.write('\n');
  }

  /**
   * Deletes run {@code runId} and everything stored for it, the big tables in chunks of {@value
   * #DELETE_CHUNK} rows (one statement and one commit each). Returns the result rows deleted.
   */
  @Override
  public long delete(long runId) {
    floors.forget(runId);
    long rows = 0;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(true);
      rows = deleteChunked(c, "vox_result", runId);
      deleteChunked(c, "vox_error", runId);
      deleteChunked(c, "vox_slow", runId);
      deleteChunked(c, "vox_second", runId);
      deleteChunked(c, "vox_histogram", runId);
      deleteChunked(c, "vox_request_histogram", runId);
      deleteChunked(c, "vox_batch", runId);
      for (String table : List.of("vox_action", "vox_run_node")) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
          ps.setLong(1, runId);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vox_run WHERE id = ?")) {
        ps.setLong(1, runId);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("run=" + runId + ": delete failed", e);
    }
    long deleted = rows;
    LOG.info(() -> "run=" + runId + " deleted with its " + deleted + " result rows");
    return rows;
  }

  private static long deleteChunked(Connection c, String table, long runId) throws SQLException {
    long total = 0;
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? LIMIT " + DELETE_CHUNK)) {
      ps.setLong(1, runId);
      for (int n; (n = ps.executeUpdate()) > 0; ) {
        total += n;
      }
    }
    return total;
  }

  private static ResultView.Row row(ResultSet rs) throws SQLException {
    return new ResultView.Row(
        rs.getLong(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getInt(7),
        rs.getString(8));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, Binder binder, RowReader reader) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("report query failed: " + sql, e);
    }
  }

  @Override
  public String databaseProblem() {
    try (Connection c = db.getConnection()) {
      return c.isValid(2) ? null : "no answer within 2 s";
    } catch (SQLException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }
}
