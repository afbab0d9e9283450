package io.vox.messaging.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link ReportBatch} from its JSON with Jackson's streaming parser: the message the master
 * reads most (a thousand results each, hundreds a second), where JSON-B's binding of a record per
 * result, then JSON-P's parser, took half of the collector's CPU (bench/README.md). Since schema 4
 * each result is an array of 9 values in the order of {@link #RESULT_VALUES} (no field names: the
 * batch is ~2.5x smaller and reads without matching a name per value), its start time relative to
 * its intended start. It keeps the codec's rules: an unknown field or a value of the wrong kind is
 * an error naming it, a missing object field is left null for the record's constructor to refuse, a
 * missing number is 0, and nothing may follow the batch.
 */
final class ReportBatchReader {
  static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ReportBatchReader() {}

  static ReportBatch read(String json) {
    try {
      return read(JSON.createParser(json));
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  /** Reads the batch from its UTF-8 bytes (a JMS bytes message's body). */
  static ReportBatch read(byte[] utf8) {
    try {
      return read(JSON.createParser(utf8));
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  private static ReportBatch read(JsonParser parser) {
    try (JsonParser p = parser) {
      expect(p, JsonToken.START_OBJECT, "the batch");
      int version = 0;
      long runId = 0;
      String batchId = null;
      String nodeId = null;
      List<UserResult> results = null;
      List<LatencyHistogram> histograms = null;
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        switch (key) {
          case "schemaVersion" -> version = (int) number(p, key);
          case "batchId" -> batchId = text(p, key);
          case "runId" -> runId = number(p, key);
          case "nodeId" -> nodeId = text(p, key);
          case "results" -> results = results(p);
          case "histograms" -> histograms = histograms(p);
          default -> throw unknown(key, "ReportBatch");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new InvalidMessageException("not valid JSON: text after the batch");
      }
      return new ReportBatch(version, batchId, runId, nodeId, results, histograms);
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  private static InvalidMessageException invalid(IOException e) {
    String why =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException j
            ? j.getOriginalMessage()
            : e.getMessage();
    return new InvalidMessageException("not valid JSON: " + why, e);
  }

  /** The names of a result row's values, in their order on the wire. */
  static final List<String> RESULT_VALUES =
      List.of(
          "user",
          "action",
          "intendedUs",
          "startUs - intendedUs",
          "latencyUs",
          "status",
          "error",
          "loopIterations",
          "loopFailures");

  private static List<UserResult> results(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, "results");
    List<UserResult> out = new ArrayList<>(1024);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      int i = out.size();
      if (t != JsonToken.START_ARRAY) {
        throw new InvalidMessageException("results[" + i + "]: each must be an array " + ROW);
      }
      long user = value(p, i, 0);
      int action = (int) value(p, i, 1);
      long intendedUs = value(p, i, 2);
      long startUs = intendedUs + value(p, i, 3);
      long latencyUs = value(p, i, 4);
      int status = (int) value(p, i, 5);
      JsonToken e = p.nextToken();
      String error;
      if (e == JsonToken.VALUE_NULL) {
        error = null;
      } else if (e == JsonToken.VALUE_STRING) {
        error = p.getText();
      } else {
        throw new InvalidMessageException(at(i, 6) + " must be a string or null");
      }
      int loopIterations = (int) value(p, i, 7);
      int loopFailures = (int) value(p, i, 8);
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw new InvalidMessageException("results[" + i + "]: more than 9 values " + ROW);
      }
      out.add(
          new UserResult(
              user,
              action,
              intendedUs,
              startUs,
              latencyUs,
              status,
              error,
              loopIterations,
              loopFailures));
    }
    return out;
  }

  private static final String ROW = "[" + String.join(", ", RESULT_VALUES) + "]";

  private static String at(int row, int value) {
    return "results[" + row + "][" + value + "] (" + RESULT_VALUES.get(value) + ")";
  }

  /** Value {@code value} of result row {@code row}: a whole number. */
  private static long value(JsonParser p, int row, int value) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.END_ARRAY) {
      throw new InvalidMessageException(
          "results[" + row + "]: " + value + " values, expected 9 " + ROW);
    }
    throw new InvalidMessageException(at(row, value) + " must be a whole number");
  }

  private static List<LatencyHistogram> histograms(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, "histograms");
    List<LatencyHistogram> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw new InvalidMessageException("histograms: each must be an object");
      }
      int action = 0;
      String hdr = null;
      String corrected = null;
      String dispatch = null;
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        switch (key) {
          case "action" -> action = (int) number(p, key);
          case "hdr" -> hdr = text(p, key);
          case "correctedHdr" -> corrected = text(p, key);
          case "dispatchHdr" -> dispatch = text(p, key);
          default -> throw unknown(key, "LatencyHistogram");
        }
      }
      out.add(new LatencyHistogram(action, hdr, corrected, dispatch));
    }
    return out;
  }

  private static void expect(JsonParser p, JsonToken expected, String what) throws IOException {
    if (p.nextToken() != expected) {
      throw new InvalidMessageException(
          what + ": expected " + (expected == JsonToken.START_ARRAY ? "an array" : "an object"));
    }
  }

  private static long number(JsonParser p, String key) throws IOException {
    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidMessageException("field '" + key + "' must be a whole number");
    }
    return p.getLongValue();
  }

  /** A string, or null for JSON null. */
  private static String text(JsonParser p, String key) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new InvalidMessageException("field '" + key + "' must be a string");
    }
    return p.getText();
  }

  private static InvalidMessageException unknown(String key, String type) {
    return new InvalidMessageException("unknown field '" + key + "' in " + type);
  }
}
