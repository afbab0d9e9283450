package io.vox.messaging.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RequestHistogram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link ReportBatch}: its header as JSON with Jackson's streaming generator (fields
 * named, nulls left out, as JSON-B writes them; {@code rows} the number of results), a newline,
 * then its results' text ({@link ResultRows}), which the master loads as it is.
 */
final class ReportBatchWriter {
  private ReportBatchWriter() {}

  static String write(ReportBatch b) {
    StringWriter out = new StringWriter(256 + b.results().textLength());
    try (JsonGenerator g = ReportBatchReader.JSON.createGenerator(out)) {
      header(g, b);
    } catch (IOException e) {
      throw new UncheckedIOException("writing batch " + b.batchId(), e); // a StringWriter
    }
    return out.append('\n')
        .append(new String(b.results().text(), StandardCharsets.UTF_8))
        .toString();
  }

  /** The same in UTF-8 (a JMS bytes message's body). */
  static byte[] writeBytes(ReportBatch b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + b.results().textLength());
    try (JsonGenerator g = ReportBatchReader.JSON.createGenerator(out, JsonEncoding.UTF8)) {
      header(g, b);
    } catch (IOException e) {
      throw new UncheckedIOException("writing batch " + b.batchId(), e); // in memory
    }
    out.write('\n');
    b.results().writeTo(out);
    return out.toByteArray();
  }

  private static void header(JsonGenerator g, ReportBatch b) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schemaVersion", b.schemaVersion());
    g.writeStringField("batchId", b.batchId());
    g.writeNumberField("runId", b.runId());
    g.writeStringField("nodeId", b.nodeId());
    g.writeNumberField("rows", b.results().size());
    g.writeArrayFieldStart("histograms");
    for (LatencyHistogram h : b.histograms()) {
      g.writeStartObject();
      g.writeNumberField("action", h.action());
      g.writeStringField("hdr", h.hdr());
      g.writeStringField("correctedHdr", h.correctedHdr());
      if (h.dispatchHdr() != null) {
        g.writeStringField("dispatchHdr", h.dispatchHdr());
      }
      String[] phases = h.phases();
      for (int p = 0; p < phases.length; p++) {
        if (phases[p] != null) {
          g.writeStringField(LatencyHistogram.PHASES.get(p) + "Hdr", phases[p]);
        }
      }
      if (h.httpRequests() > 0) {
        g.writeNumberField("httpRequests", h.httpRequests());
      }
      if (h.lagHdr() != null) {
        g.writeStringField("lagHdr", h.lagHdr());
      }
      if (h.deliveryUs() >= 0) {
        g.writeNumberField("deliveryUs", h.deliveryUs());
      }
      if (h.clockErrorUs() >= 0) {
        g.writeNumberField("clockErrorUs", h.clockErrorUs());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!b.requests().isEmpty()) {
      g.writeArrayFieldStart("requests");
      for (RequestHistogram r : b.requests()) {
        g.writeStartObject();
        g.writeNumberField("action", r.action());
        g.writeNumberField("group", r.group());
        g.writeNumberField("step", r.step());
        g.writeNumberField("count", r.count());
        g.writeNumberField("errors", r.errors());
        if (r.hdr() != null) {
          g.writeStringField("hdr", r.hdr());
          g.writeStringField("correctedHdr", r.correctedHdr());
        }
        long[] sums = {
          r.bytes(), r.dnsUs(), r.connectUs(), r.tlsUs(), r.waitUs(), r.downloadUs(), r.answered()
        };
        String[] names = {
          "bytes", "dnsUs", "connectUs", "tlsUs", "waitUs", "downloadUs", "answered"
        };
        for (int i = 0; i < sums.length; i++) {
          if (sums[i] > 0) { // 0 is left out, as the reader's default
            g.writeNumberField(names[i], sums[i]);
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
