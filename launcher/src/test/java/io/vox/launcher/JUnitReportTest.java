package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {
  @TempDir Path dir;

  private Document written(String runJson) throws Exception {
    JsonObject run = Json.createReader(new StringReader(runJson)).readObject();
    Path file = dir.resolve("reports/vox.xml");
    JUnitReport.write(run, 12.5, file);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  @Test
  void eachThresholdIsATestCaseAndAMissedOneAFailureWithItsFigure() throws Exception {
    Document d =
        written(
            """
            {"id": 7, "name": "a <b> & c", "state": "COMPLETED", "passed": false,
             "thresholds": [
               {"threshold": "p99 of browse < 200", "actual": 250.5, "passed": false},
               {"threshold": "errorPercent < 1", "actual": 0.0, "passed": true},
               {"threshold": "p99 of GET /x < 5", "actual": null, "passed": false}]}""");
    Element suite = d.getDocumentElement();
    assertEquals("testsuite", suite.getTagName());
    assertEquals("vox run 7: a <b> & c", suite.getAttribute("name"), "escaped and read back");
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("2", suite.getAttribute("failures"));
    assertEquals("12.500", suite.getAttribute("time"));
    NodeList cases = suite.getElementsByTagName("testcase");
    assertEquals("the run completes", ((Element) cases.item(0)).getAttribute("name"));
    assertEquals(0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
    Element missed = (Element) cases.item(1);
    assertEquals("p99 of browse < 200", missed.getAttribute("name"));
    assertEquals(
        "p99 of browse < 200: actual 250.5",
        ((Element) missed.getElementsByTagName("failure").item(0)).getAttribute("message"));
    assertEquals(0, ((Element) cases.item(2)).getElementsByTagName("failure").getLength());
    assertEquals(
        "p99 of GET /x < 5: actual no data",
        ((Element) ((Element) cases.item(3)).getElementsByTagName("failure").item(0))
            .getAttribute("message"));
  }

  @Test
  void aRunThatDidNotCompleteFailsItsFirstCase() throws Exception {
    Document d =
        written(
            """
            {"id": 8, "name": "r", "state": "FAILED", "error": "waited 60 s for 1 live node(s)"}""");
    Element suite = d.getDocumentElement();
    assertEquals("1", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals(
        "FAILED: waited 60 s for 1 live node(s)",
        ((Element) suite.getElementsByTagName("failure").item(0)).getAttribute("message"));
  }
}
