package io.vox.master.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static RunView run(String name) {
    return new RunView(
        7,
        name,
        io.vox.persistence.RunState.COMPLETED,
        10,
        1,
        1,
        10,
        0,
        1_800_000_000_000L,
        1_800_000_000_100L,
        1_800_000_003_000L,
        null,
        null,
        List.of(),
        List.of(),
        List.of(new RunView.ActionView(1, "post <b>", 10, 10, 1, 0, 0)),
        java.util.Map.of("host", "<staging>", "token", "******"));
  }

  @Test
  void textFromTheRunIsEscapedSoItCannotInjectMarkup() {
    String html =
        HtmlReport.render(
            new HtmlReport.Data(
                run("<script>alert(1)</script>"),
                List.of(),
                new Timeline(7, 0, List.of()),
                new LatencyOverTime(
                    7, List.of(), List.of(new LatencyOverTime.Requests(100, 80_000, 3))),
                new NodeSkew(7, List.of()),
                new ErrorGroups(7, "reason", List.of(new ErrorGroups.Group(1, "a & \"b\"", 3))),
                new RequestStats(
                    7,
                    List.of(
                        new RequestStats.Entry(
                            1,
                            "post",
                            "<i>buyers",
                            0,
                            "GET /x/<b>",
                            3,
                            0,
                            0.0,
                            1.0,
                            1.0,
                            1.0,
                            1.0,
                            1.0,
                            1.0,
                            4096L,
                            0.1,
                            0.2,
                            0.3,
                            1.5,
                            0.5,
                            2L)))));
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("a &amp; &quot;b&quot;"));
    assertTrue(
        html.contains("<td class=l>&lt;i&gt;buyers</td><td class=l>GET /x/&lt;b&gt;</td>"), html);
    assertTrue(html.contains("No data."), "empty charts say so");
    assertTrue(
        html.contains("<td>1.50</td><td>0.60</td><td>2.0</td></tr>"),
        "first byte, connect (dns + connect + tls) and KiB per request answered: " + html);
    assertTrue(html.contains("<th class=l>param host</th><td class=l>&lt;staging&gt;</td>"), html);
    assertTrue(html.contains("<th class=l>param token</th><td class=l>******</td>"), html);
    assertTrue(
        html.matches(
            "(?s).*Requests per second \\(each request step, loop iterations included\\)"
                + "</h2>(?!.{0,300}No data).*"),
        "a loop's 80,000 requests in one second are drawn, though it has no rows");
  }

  @Test
  void aChartPlotsEachSecondFromTheRunsStart() {
    List<Timeline.Second> seconds =
        List.of(
            new Timeline.Second(100, 10, 0, 1.0, 2.0),
            new Timeline.Second(101, 20, 1, 1.0, 2.0),
            new Timeline.Second(104, 0, 0, null, null));
    String svg =
        HtmlReport.chart(
            seconds,
            100,
            Timeline.Second::second,
            java.util.Map.of("results/s", s -> s.count()),
            "/s");
    String points = svg.replaceAll("(?s).*points=\"([^\"]*)\".*", "$1");
    String[] xy = points.split(" ");
    assertEquals(3, xy.length, svg);
    assertTrue(xy[0].startsWith("64.0,"), "second 0 at the left edge: " + points);
    assertTrue(xy[2].startsWith("844.0,"), "the last second at the right edge: " + points);
    assertTrue(svg.contains(">4 s<"), "the axis ends at 4 s");
    double y1 = Double.parseDouble(xy[1].split(",")[1]);
    double y0 = Double.parseDouble(xy[0].split(",")[1]);
    assertTrue(y1 < y0, "20/s is drawn above 10/s");
  }
}
