package io.vox.messaging.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link ReportBatch} as JSON with Jackson's streaming generator, without reflection per
 * result: each node writes one every report interval. The batch's fields are named (nulls left out,
 * as JSON-B writes them); each result is an array in the order of {@link
 * ReportBatchReader#RESULT_VALUES}.
 */
final class ReportBatchWriter {
  private ReportBatchWriter() {}

  static String write(ReportBatch b) {
    StringWriter out = new StringWriter(256 + b.results().size() * 64);
    try (JsonGenerator g = ReportBatchReader.JSON.createGenerator(out)) {
      write(g, b);
    } catch (IOException e) {
      throw new UncheckedIOException("writing batch " + b.batchId(), e); // a StringWriter
    }
    return out.toString();
  }

  /** The same JSON in UTF-8 (a JMS bytes message's body). */
  static byte[] writeBytes(ReportBatch b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + b.results().size() * 64);
    try (JsonGenerator g = ReportBatchReader.JSON.createGenerator(out, JsonEncoding.UTF8)) {
      write(g, b);
    } catch (IOException e) {
      throw new UncheckedIOException("writing batch " + b.batchId(), e); // in memory
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, ReportBatch b) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schemaVersion", b.schemaVersion());
    g.writeStringField("batchId", b.batchId());
    g.writeNumberField("runId", b.runId());
    g.writeStringField("nodeId", b.nodeId());
    g.writeArrayFieldStart("results");
    for (UserResult r : b.results()) {
      // the order of ReportBatchReader.RESULT_VALUES
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
    g.writeArrayFieldStart("histograms");
    for (LatencyHistogram h : b.histograms()) {
      g.writeStartObject();
      g.writeNumberField("action", h.action());
      g.writeStringField("hdr", h.hdr());
      g.writeStringField("correctedHdr", h.correctedHdr());
      if (h.dispatchHdr() != null) {
        g.writeStringField("dispatchHdr", h.dispatchHdr());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
