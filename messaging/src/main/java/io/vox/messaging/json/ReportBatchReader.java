package io.vox.messaging.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.Messages;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RequestHistogram;
import io.vox.messaging.ResultRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link ReportBatch}, the message the master reads most (thousands of results each, dozens
 * a second): its JSON header with Jackson's streaming parser, then, after a newline, its results'
 * text, which {@link ResultRows#parse} checks and keeps as it is for the database to load. JSON-B's
 * binding of a record per result, then JSON-P's parser, took half of the collector's CPU, and since
 * schema 5 decoding the results from JSON and writing them once more as the database's text took 43
 * % of it (bench/README.md). It keeps the codec's rules: an unknown field or a value of the wrong
 * kind is an error naming it, a missing object field is left null for the record's constructor to
 * refuse, a missing number is 0, and the header's row count must be the text's.
 */
final class ReportBatchReader {
  static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ReportBatchReader() {}

  static ReportBatch read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the batch from its UTF-8 bytes (a JMS bytes message's body), which it keeps. */
  static ReportBatch read(byte[] utf8) {
    int version = 0;
    long runId = 0;
    String batchId = null;
    String nodeId = null;
    long rows = -1;
    List<LatencyHistogram> histograms = null;
    List<RequestHistogram> requests = List.of();
    int end;
    try (JsonParser p = JSON.createParser(utf8)) {
      expect(p, JsonToken.START_OBJECT, "the batch");
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        switch (key) {
          case "schemaVersion" -> {
            version = (int) number(p, key);
            Messages.version(version); // before the fields of another version
          }
          case "batchId" -> batchId = text(p, key);
          case "runId" -> runId = number(p, key);
          case "nodeId" -> nodeId = text(p, key);
          case "rows" -> rows = number(p, key);
          case "histograms" -> histograms = histograms(p);
          case "requests" -> requests = requests(p);
          default -> throw unknown(key, "ReportBatch");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new InvalidMessageException("not valid JSON: the header does not end");
      }
      end = (int) p.currentTokenLocation().getByteOffset() + 1;
    } catch (IOException e) {
      throw invalid(e);
    }
    if (end >= utf8.length || utf8[end] != '\n') {
      throw new InvalidMessageException("the results must follow the header after a newline");
    }
    if (rows < 0) {
      throw new InvalidMessageException("field 'rows' is missing or negative");
    }
    ResultRows results = ResultRows.parse(utf8, end + 1, utf8.length - end - 1);
    if (results.size() != rows) {
      throw new InvalidMessageException(
          "results: " + results.size() + " rows, the header says " + rows);
    }
    return new ReportBatch(version, batchId, runId, nodeId, results, histograms, requests);
  }

  private static List<RequestHistogram> requests(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, "requests");
    List<RequestHistogram> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw new InvalidMessageException("requests: each must be an object");
      }
      long[] n = new long[12]; // action, group, step, count, errors, bytes, 5 phases, answered
      String hdr = null;
      String corrected = null;
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        switch (key) {
          case "action" -> n[0] = number(p, key);
          case "group" -> n[1] = number(p, key);
          case "step" -> n[2] = number(p, key);
          case "count" -> n[3] = number(p, key);
          case "errors" -> n[4] = number(p, key);
          case "bytes" -> n[5] = number(p, key);
          case "dnsUs" -> n[6] = number(p, key);
          case "connectUs" -> n[7] = number(p, key);
          case "tlsUs" -> n[8] = number(p, key);
          case "waitUs" -> n[9] = number(p, key);
          case "downloadUs" -> n[10] = number(p, key);
          case "answered" -> n[11] = number(p, key);
          case "hdr" -> hdr = text(p, key);
          case "correctedHdr" -> corrected = text(p, key);
          default -> throw unknown(key, "RequestHistogram");
        }
      }
      if (n[0] != (int) n[0] || n[1] != (int) n[1] || n[2] != (int) n[2]) {
        throw new InvalidMessageException("requests: action, group and step must be ints");
      }
      out.add(
          new RequestHistogram(
              (int) n[0],
              (int) n[1],
              (int) n[2],
              n[3],
              n[4],
              hdr,
              corrected,
              n[5],
              n[6],
              n[7],
              n[8],
              n[9],
              n[10],
              n[11]));
    }
    return out;
  }

  private static InvalidMessageException invalid(IOException e) {
    String why =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException j
            ? j.getOriginalMessage()
            : e.getMessage();
    return new InvalidMessageException("not valid JSON: " + why, e);
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
      String[] phases = new String[LatencyHistogram.PHASES.size()];
      long httpRequests = 0;
      String lag = null;
      long delivery = -1;
      long clockError = -1;
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        switch (key) {
          case "action" -> action = (int) number(p, key);
          case "hdr" -> hdr = text(p, key);
          case "correctedHdr" -> corrected = text(p, key);
          case "dispatchHdr" -> dispatch = text(p, key);
          case "dnsHdr" -> phases[0] = text(p, key);
          case "connectHdr" -> phases[1] = text(p, key);
          case "tlsHdr" -> phases[2] = text(p, key);
          case "waitHdr" -> phases[3] = text(p, key);
          case "downloadHdr" -> phases[4] = text(p, key);
          case "httpRequests" -> httpRequests = number(p, key);
          case "lagHdr" -> lag = text(p, key);
          case "deliveryUs" -> delivery = number(p, key);
          case "clockErrorUs" -> clockError = number(p, key);
          default -> throw unknown(key, "LatencyHistogram");
        }
      }
      out.add(
          new LatencyHistogram(
              action,
              hdr,
              corrected,
              dispatch,
              phases[0],
              phases[1],
              phases[2],
              phases[3],
              phases[4],
              httpRequests,
              lag,
              delivery,
              clockError));
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
