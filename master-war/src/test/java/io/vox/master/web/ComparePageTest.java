package io.vox.master.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparePageTest {
  private static Map<String, Object> r(Double a, Double b) {
    return ComparePage.ratio(a, b);
  }

  @Test
  void lowerIsBetterBeyondFivePercent() {
    assertEquals(Map.of("value", "2.00\u00d7", "css", "vox-worse"), r(10.0, 20.0));
    assertEquals(Map.of("value", "0.50\u00d7", "css", "vox-better"), r(10.0, 5.0));
    assertEquals(Map.of("value", "1.04\u00d7", "css", "vox-same"), r(10.0, 10.4));
  }

  @Test
  void errorsWhereThereWereNoneAreWorseAndNoLatencyAnyMoreToo() {
    assertEquals(Map.of("value", "new", "css", "vox-worse"), r(0.0, 0.2), "0 errors, then some");
    assertEquals(Map.of("value", "=", "css", "vox-same"), r(0.0, 0.0));
    assertEquals(Map.of("value", "none", "css", "vox-worse"), r(12.0, null), "every result failed");
    assertEquals(Map.of("value", "new", "css", "vox-same"), r(null, 12.0), "a step only b has");
    assertEquals(Map.of("value", "", "css", "vox-same"), r(null, null));
  }
}
