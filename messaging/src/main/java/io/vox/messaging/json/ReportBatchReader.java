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
 * Reads a {@link ReportBatch} from its JSON text with Jackson's streaming parser: the message the
 * master reads most (a thousand results each, hundreds a second), where JSON-B's binding of a
 * record per result, then JSON-P's parser, took half of the collector's CPU (bench/README.md). It
 * keeps the codec's rules: an unknown field or a value of the wrong kind is an error naming it, a
 * missing object field is left null for the record's constructor to refuse, a missing number is 0,
 * and nothing may follow the batch.
 */
final class ReportBatchReader {
  static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ReportBatchReader() {}

  static ReportBatch read(String json) {
    try (JsonParser p = JSON.createParser(json)) {
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
      String why =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      throw new InvalidMessageException("not valid JSON: " + why, e);
    }
  }

  private static List<UserResult> results(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, "results");
    List<UserResult> out = new ArrayList<>(1024);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw new InvalidMessageException("results: each must be an object");
      }
      long user = 0;
      long intendedUs = 0;
      long startUs = 0;
      long latencyUs = 0;
      int action = 0;
      int status = 0;
      int loopIterations = 0;
      int loopFailures = 0;
      String error = null;
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        switch (key) {
          case "user" -> user = number(p, key);
          case "action" -> action = (int) number(p, key);
          case "intendedUs" -> intendedUs = number(p, key);
          case "startUs" -> startUs = number(p, key);
          case "latencyUs" -> latencyUs = number(p, key);
          case "status" -> status = (int) number(p, key);
          case "error" -> error = text(p, key);
          case "loopIterations" -> loopIterations = (int) number(p, key);
          case "loopFailures" -> loopFailures = (int) number(p, key);
          default -> throw unknown(key, "UserResult");
        }
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
