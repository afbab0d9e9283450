package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vox.demo.Certificates;
import io.vox.master.plan.PlanReader;
import io.vox.master.run.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPeerCommandTest {
  @TempDir Path dir;

  private static BenchPeerCommand command(String workload, String target, int users) {
    BenchPeerCommand c = new BenchPeerCommand();
    c.workload = workload;
    c.target = target;
    c.path = "/api/ping";
    c.users = users;
    c.secs = 15;
    return c;
  }

  @Test
  void tlsWorkloadIsAValidPlanOverHttp11CheckedAgainstTheCa() throws Exception {
    String ca = Files.readString(Certificates.make(dir).ca());

    RunPlan plan = new PlanReader().read(command("W4", "https://127.0.0.1:18202", 2000).plan(ca));

    assertEquals(2000, plan.users());
    assertEquals("1.1", plan.scenario().http().version());
    assertEquals(ca, plan.scenario().http().tls().ca());
    assertFalse(plan.scenario().http().preconnect(), "connections opened by requests, as peers do");
    assertEquals(java.util.List.of(), plan.scenario().http().tls().namedGroups());

    BenchPeerCommand c = command("W4", "https://127.0.0.1:18202", 2000);
    c.tlsGroups = java.util.List.of("X25519", "P-256");
    assertEquals(
        java.util.List.of("X25519", "P-256"),
        new PlanReader().read(c.plan(ca)).scenario().http().tls().namedGroups());
  }

  @Test
  void cleartextWorkloadKeepsTheHttpDefaults() {
    RunPlan plan = new PlanReader().read(command("W1", "http://127.0.0.1:18200", 100).plan(null));

    assertEquals("auto", plan.scenario().http().version());
    assertNull(plan.scenario().http().tls().ca());
  }

  @Test
  void maxRpsCapsTheLoopForBenchRatecap() {
    BenchPeerCommand c = command("W1", "http://127.0.0.1:18200", 100);
    assertEquals(0, new PlanReader().read(c.plan(null)).scenario().actions().get(0).maxRps());
    c.maxRps = 5000;
    assertEquals(5000, new PlanReader().read(c.plan(null)).scenario().actions().get(0).maxRps());
  }

  @Test
  void summaryFieldsComeFromTheNodesLoopLine() {
    String line = "[levelValue: 800] event loops=1 transport=io_uring connections=9 tls=openssl]]";

    assertEquals("io_uring", BenchPeerCommand.field(line, "transport"));
    assertEquals("openssl", BenchPeerCommand.field(line, "tls"));
    assertEquals("unknown", BenchPeerCommand.field("", "tls"));
  }
}
