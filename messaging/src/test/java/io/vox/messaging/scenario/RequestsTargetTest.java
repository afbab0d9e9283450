package io.vox.messaging.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connections to the target are opened ahead only for a plan that sends requests there. */
class RequestsTargetTest {
  private static Step get(String url) {
    return new Step(
        new Request(null, "GET", url, Map.of(), null, List.of(), List.of(), null, null, null, null),
        null,
        null,
        null);
  }

  private static Scenario of(List<Step> connect, List<Step> steps) {
    return new Scenario(
        connect,
        List.of(new Action("a", 1, steps, "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
        List.of(),
        0,
        0,
        HttpOptions.DEFAULT,
        List.of());
  }

  @Test
  void aPathBelowTheTargetInAConnectStepOrAnActionCounts() {
    assertTrue(of(List.of(get("/login")), List.of()).requestsTarget());
    assertTrue(of(List.of(), List.of(get("https://cdn.test/a.js"), get("/a"))).requestsTarget());
  }

  @Test
  void onlyAbsoluteUrlsOrNoRequestsDoNot() {
    assertFalse(of(List.of(), List.of(get("https://cdn.test/a.js"))).requestsTarget());
    assertFalse(of(List.of(), List.of(get("HTTP://other.test/"))).requestsTarget());
    assertFalse(of(List.of(), List.of()).requestsTarget());
  }

  @Test
  void aRequestInsideALogicStepCounts() {
    Logic ifSo =
        new Logic(
            "if", "x", true, null, null, null, null, null, null, List.of(get("/a")), null, null);
    assertTrue(of(List.of(), List.of(new Step(null, null, null, ifSo))).requestsTarget());
  }
}
