package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeJvmTest {
  private static final String TRIM = "-XX:TrimNativeHeapInterval=2000";

  /** A JDK without the C heap trimming would refuse the option and the node would not start. */
  @Test
  void theHeapTrimmingIsLeftOutWhereTheJdkLacksIt() {
    for (String v : List.of("17.0.8", "17", "18.0.2", "20.0.2", "21")) {
      List<String> options = LocalStack.forJdk(LocalStack.NODE_JVM, Runtime.Version.parse(v));
      assertFalse(options.contains(TRIM), v);
      assertFalse(options.contains("-XX:+UnlockExperimentalVMOptions"), v);
      assertTrue(options.contains("-XX:+UseSerialGC"), v + ": the other options stay");
    }
    for (String v : List.of("17.0.9", "17.0.15", "21.0.1", "22", "25.0.1")) {
      assertEquals(
          LocalStack.NODE_JVM, LocalStack.forJdk(LocalStack.NODE_JVM, Runtime.Version.parse(v)), v);
    }
  }

  /** The node runs on the launcher's JDK: this one has the option, so the node gets it. */
  @Test
  void thisJdkTrims() {
    assertTrue(LocalStack.nodeJvm().contains(TRIM));
  }
}
