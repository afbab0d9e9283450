package io.vox.launcher;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run's verdict as JUnit XML, which Jenkins, GitLab and GitHub read: one test case saying the run
 * completed (its state and reason when it did not), then one per threshold, with its figure; a
 * threshold missed, or without data, is a failure.
 */
final class JUnitReport {
  private JUnitReport() {}

  /** Writes {@code run} (the master's view of an ended run) to {@code file}. */
  static void write(JsonObject run, double seconds, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String state = run.getString("state", "UNKNOWN");
    java.util.List<JsonObject> thresholds =
        run.get("thresholds") instanceof jakarta.json.JsonArray a
            ? a.getValuesAs(JsonObject.class)
            : java.util.List.of();
    long failures =
        ("COMPLETED".equals(state) ? 0 : 1)
            + thresholds.stream().filter(t -> !t.getBoolean("passed", false)).count();
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuite");
      x.writeAttribute(
          "name", "vox run " + run.getJsonNumber("id") + ": " + run.getString("name", ""));
      x.writeAttribute("tests", Integer.toString(1 + thresholds.size()));
      x.writeAttribute("failures", Long.toString(failures));
      x.writeAttribute("errors", "0");
      x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
      x.writeStartElement("testcase");
      x.writeAttribute("classname", "vox.run");
      x.writeAttribute("name", "the run completes");
      if (!"COMPLETED".equals(state)) {
        String why = run.get("error") instanceof jakarta.json.JsonString e ? e.getString() : "";
        x.writeStartElement("failure");
        x.writeAttribute("type", state);
        x.writeAttribute("message", state + (why.isEmpty() ? "" : ": " + why));
        x.writeCharacters(state + (why.isEmpty() ? "" : ": " + why));
        x.writeEndElement();
      }
      x.writeEndElement();
      for (JsonObject t : thresholds) {
        String name = t.getString("threshold");
        String figure = figure(t);
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "vox.thresholds");
        x.writeAttribute("name", name);
        x.writeStartElement("system-out");
        x.writeCharacters("actual " + figure);
        x.writeEndElement();
        if (!t.getBoolean("passed", false)) {
          x.writeStartElement("failure");
          x.writeAttribute("type", "threshold");
          x.writeAttribute("message", name + ": actual " + figure);
          x.writeCharacters(name + ": actual " + figure);
          x.writeEndElement();
        }
        x.writeEndElement();
      }
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("writing " + file + ": " + e.getMessage(), e);
    }
  }

  /** A threshold result's figure: its actual value, or "no data" (JSON-B leaves a null out). */
  static String figure(JsonObject threshold) {
    JsonValue actual = threshold.get("actual");
    return actual == null || actual.getValueType() == JsonValue.ValueType.NULL
        ? "no data"
        : actual.toString();
  }
}
