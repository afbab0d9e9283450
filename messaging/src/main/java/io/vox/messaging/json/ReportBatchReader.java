package io.vox.messaging.json;

import io.vox.messaging.InvalidMessageException;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link ReportBatch} from its JSON text with a streaming parser, the message the master
 * reads most (a thousand results each, hundreds a second): JSON-B's binding of a record per result
 * cost 14 % of the collector's CPU (bench/README.md). It keeps the codec's rules: an unknown field
 * or a value of the wrong kind is an error naming it, a missing object field is left null for the
 * record's constructor to refuse, a missing number is 0.
 */
final class ReportBatchReader {
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  private ReportBatchReader() {}

  static ReportBatch read(String json) {
    try (JsonParser p = PARSERS.createParser(new StringReader(json))) {
      expect(p, Event.START_OBJECT, "the batch");
      int version = 0;
      long runId = 0;
      String batchId = null;
      String nodeId = null;
      List<UserResult> results = null;
      List<LatencyHistogram> histograms = null;
      for (Event e = p.next(); e != Event.END_OBJECT; e = p.next()) {
        String key = p.getString();
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
      return new ReportBatch(version, batchId, runId, nodeId, results, histograms);
    } catch (JsonParsingException | java.util.NoSuchElementException e) {
      throw new InvalidMessageException("not valid JSON: " + e.getMessage(), e);
    }
  }

  private static List<UserResult> results(JsonParser p) {
    expect(p, Event.START_ARRAY, "results");
    List<UserResult> out = new ArrayList<>(1024);
    for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
      if (e != Event.START_OBJECT) {
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
      for (Event f = p.next(); f != Event.END_OBJECT; f = p.next()) {
        String key = p.getString();
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

  private static List<LatencyHistogram> histograms(JsonParser p) {
    expect(p, Event.START_ARRAY, "histograms");
    List<LatencyHistogram> out = new ArrayList<>();
    for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
      if (e != Event.START_OBJECT) {
        throw new InvalidMessageException("histograms: each must be an object");
      }
      int action = 0;
      String hdr = null;
      String corrected = null;
      String dispatch = null;
      for (Event f = p.next(); f != Event.END_OBJECT; f = p.next()) {
        String key = p.getString();
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

  private static void expect(JsonParser p, Event expected, String what) {
    Event e = p.next();
    if (e != expected) {
      throw new InvalidMessageException(
          what + ": expected " + (expected == Event.START_ARRAY ? "an array" : "an object"));
    }
  }

  private static long number(JsonParser p, String key) {
    Event e = p.next();
    if (e != Event.VALUE_NUMBER || !p.isIntegralNumber()) {
      throw new InvalidMessageException("field '" + key + "' must be a whole number");
    }
    return p.getLong();
  }

  /** A string, or null for JSON null. */
  private static String text(JsonParser p, String key) {
    Event e = p.next();
    if (e == Event.VALUE_NULL) {
      return null;
    }
    if (e != Event.VALUE_STRING) {
      throw new InvalidMessageException("field '" + key + "' must be a string");
    }
    return p.getString();
  }

  private static InvalidMessageException unknown(String key, String type) {
    return new InvalidMessageException("unknown field '" + key + "' in " + type);
  }
}
