package io.vox.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vox.messaging.ResultRows;
import io.vox.messaging.UserResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the master does with a 5000-result batch before the database sees it, per result: since
 * schema 5, check the text the node sent ({@link ResultRows#parse}); the reference is the schema-4
 * way, Jackson reading each result's array of nine numbers into a record, then the rows written
 * once more as LOAD DATA's text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class ReportDecodeBenchmark {
  static final int RESULTS = 5000;
  private static final JsonFactory JSON = new JsonFactory();

  private byte[] text;
  private byte[] arrays;

  @Setup
  public void setUp() throws IOException {
    List<UserResult> results = new ArrayList<>();
    long t0 = 1_764_000_000_000_000L;
    for (int i = 0; i < RESULTS; i++) {
      long intended = t0 + i * 37L;
      String error = i % 100 == 0 ? "timeout after 5000 ms" : null;
      results.add(
          UserResult.once(
              1_000_000L + i,
              i % 10,
              intended,
              intended + 40 + i % 13,
              900 + i * 7 % 20_000,
              error == null ? 200 : 0,
              error));
    }
    text = ResultRows.of(results).text();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (UserResult r : results) {
        g.writeStartArray();
        g.writeNumber(r.user());
        g.writeNumber(r.action());
        g.writeNumber(r.intendedUs());
        g.writeNumber(r.startUs() - r.intendedUs());
        g.writeNumber(r.latencyUs());
        g.writeNumber(r.status());
        if (r.error() == null) {
          g.writeNull();
        } else {
          g.writeString(r.error());
        }
        g.writeNumber(r.loopIterations());
        g.writeNumber(r.loopFailures());
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    arrays = out.toByteArray();
  }

  /** Schema 5: the node's text, checked value by value and kept for the load. */
  @Benchmark
  @OperationsPerInvocation(RESULTS)
  public int checkText() {
    return ResultRows.parse(text, 0, text.length).textLength();
  }

  /** Schema 4 (the reference): JSON arrays read by Jackson, then written as the load's text. */
  @Benchmark
  @OperationsPerInvocation(RESULTS)
  public int readJsonThenWriteText() throws IOException {
    List<UserResult> results = new ArrayList<>(RESULTS);
    try (JsonParser p = JSON.createParser(arrays)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.START_ARRAY) {
        long user = next(p);
        int action = (int) next(p);
        long intended = next(p);
        long start = intended + next(p);
        long latency = next(p);
        int status = (int) next(p);
        String error = p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
        int iterations = (int) next(p);
        int failures = (int) next(p);
        p.nextToken();
        results.add(
            new UserResult(
                user, action, intended, start, latency, status, error, iterations, failures, 0));
      }
    }
    return ResultRows.of(results).textLength();
  }

  private static long next(JsonParser p) throws IOException {
    p.nextToken();
    return p.getLongValue();
  }
}
