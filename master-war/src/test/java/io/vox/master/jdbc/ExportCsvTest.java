package io.vox.master.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

class ExportCsvTest {
  @Test
  void anErrorWithCommasQuotesAndLineBreaksReadsBackWhole() throws Exception {
    String error = "connect to a.test:443 failed: \"refused\",\nretried";
    StringWriter out = new StringWriter();
    RunQueries.CSV.printRecord(out, RunQueries.EXPORT_COLUMNS.toArray());
    RunQueries.csvRow(out, 7, 1, 0, "node-a", 10, 11, 12, 0, error, 0, 0, 0, 0);
    RunQueries.csvRow(out, 7, 1, 1, "node-a,b", 10, 11, 12, 200, null, 0, 0, 0, 2);
    String text = out.toString();

    assertEquals(String.join(",", RunQueries.EXPORT_COLUMNS), text.lines().findFirst().get());
    assertEquals(
        "7,1,1,\"node-a,b\",10,11,12,200,,0,0,0,2\n", text.substring(text.lastIndexOf("7,1,1")));
    List<List<String>> rows =
        CSVParser.parse(new StringReader(text), RunQueries.CSV).getRecords().stream()
            .map(r -> Arrays.asList(r.values()))
            .toList();
    assertEquals(3, rows.size());
    assertEquals(error, rows.get(1).get(8));
    assertEquals("", rows.get(2).get(8));
    assertEquals("node-a,b", rows.get(2).get(3));
  }
}
