package io.vox.it;

import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import java.util.List;
import java.util.Map;

/** Scenarios for tests that send StartRun themselves. */
final class Scenarios {
  private Scenarios() {}

  /**
   * Log in to the demo API as {@code userTemplate} and keep the token; post a message per action.
   */
  static Scenario loginThenPost(String userTemplate, int actions) {
    Step login =
        new Step(
            new Request(
                null,
                "POST",
                "/api/login",
                Map.of(),
                "{\"user\":\"" + userTemplate + "\"}",
                List.of(),
                List.of(new Extract("token", "$.token", null, null)),
                null,
                null,
                null,
                null),
            null,
            null,
            null);
    Step post =
        new Step(
            new Request(
                null,
                "POST",
                "/api/messages",
                Map.of("Authorization", "Bearer ${token}"),
                "{\"text\":\"${action}\"}",
                List.of(),
                List.of(),
                null,
                null,
                null,
                null),
            null,
            null,
            null);
    return new Scenario(
        List.of(login),
        List.of(
            new Action(
                "post", actions, List.of(post), Action.AUTO, 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
        List.of(),
        0,
        0,
        HttpOptions.DEFAULT,
        List.of());
  }
}
