package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void theBarFillsInTwentiethsAndNeverOverflows() {
    assertEquals("[--------------------]", Progress.bar(0, 10_000));
    assertEquals("[#####---------------]", Progress.bar(2_500, 10_000));
    assertEquals("[###################-]", Progress.bar(9_999, 10_000));
    assertEquals("[####################]", Progress.bar(10_000, 10_000));
    assertEquals("[####################]", Progress.bar(12_000, 10_000), "a loop's rows");
    assertEquals("[--------------------]", Progress.bar(5, 0));
  }
}
