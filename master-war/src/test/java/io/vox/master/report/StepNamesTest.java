package io.vox.master.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vox.master.plan.PlanReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StepNamesTest {
  @Test
  void eachStepIsNamedByItsGroupsPlanOrByItsMethodAndUrl() throws Exception {
    String json =
        Files.readString(Path.of("../docs/plans/groups.json"))
            .replace("\"name\": \"item\", ", ""); // the browsers' item request goes unnamed
    var names = StepNames.of(new PlanReader().read(json).scenario());
    assertEquals("buy", names.action(2));
    assertEquals("buyers", names.group(1));
    assertEquals("feed", names.step(1, 0, 0));
    assertNull(names.step(1, 0, 1), "a think time is no request");
    assertEquals("GET /api/items/${pick.id}", names.step(1, 0, 2));
    assertEquals("stats", names.step(2, 2, 0));

    Histogram h = new Histogram(3);
    h.recordValue(2_000);
    h.recordValue(4_000);
    RequestStats stats =
        RequestStats.of(
            7,
            List.of(
                new RequestStats.Figures(1, 0, 2, 4, 4, new Histogram(3), new Histogram(3)),
                new RequestStats.Figures(2, 2, 0, 3, 1, h, h)),
            names);
    RequestStats.Entry item = stats.requests().get(0);
    assertEquals("browsers", item.group());
    assertEquals(100.0, item.errorPercent());
    assertNull(item.p50Ms(), "none passed");
    RequestStats.Entry admin = stats.requests().get(1);
    assertEquals("buy", admin.actionName());
    assertEquals(33.3, admin.errorPercent());
    assertEquals(4.0, admin.maxMs(), 0.01);
  }
}
