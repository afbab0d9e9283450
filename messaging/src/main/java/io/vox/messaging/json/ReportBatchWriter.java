package io.vox.messaging.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link ReportBatch} as the JSON text JSON-B writes for it (the same fields, nulls left
 * out) with Jackson's streaming generator, without reflection per result: each node writes one
 * every report interval.
 */
final class ReportBatchWriter {
  private ReportBatchWriter() {}

  static String write(ReportBatch b) {
    StringWriter out = new StringWriter(256 + b.results().size() * 160);
    try (JsonGenerator g = ReportBatchReader.JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", b.schemaVersion());
      g.writeStringField("batchId", b.batchId());
      g.writeNumberField("runId", b.runId());
      g.writeStringField("nodeId", b.nodeId());
      g.writeArrayFieldStart("results");
      for (UserResult r : b.results()) {
        g.writeStartObject();
        g.writeNumberField("user", r.user());
        g.writeNumberField("action", r.action());
        g.writeNumberField("intendedUs", r.intendedUs());
        g.writeNumberField("startUs", r.startUs());
        g.writeNumberField("latencyUs", r.latencyUs());
        g.writeNumberField("status", r.status());
        if (r.error() != null) {
          g.writeStringField("error", r.error());
        }
        g.writeNumberField("loopIterations", r.loopIterations());
        g.writeNumberField("loopFailures", r.loopFailures());
        g.writeEndObject();
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
    } catch (IOException e) {
      throw new UncheckedIOException("writing batch " + b.batchId(), e); // a StringWriter
    }
    return out.toString();
  }
}
