package io.vox.master.report;

import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Program;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import java.util.List;

/**
 * The names of a run's request steps, from its scenario: a step's own name, or its method and URL
 * as written ({@code GET /api/items/${id}}).
 */
public final class StepNames implements RequestStats.Names {
  private final Scenario scenario;

  private StepNames(Scenario scenario) {
    this.scenario = scenario;
  }

  public static RequestStats.Names of(Scenario scenario) {
    return new StepNames(scenario);
  }

  /** Names for a run whose plan cannot be read any more: numbers only. */
  public static RequestStats.Names unknown() {
    return new RequestStats.Names() {
      @Override
      public String action(int action) {
        return "action " + action;
      }

      @Override
      public String group(int group) {
        return null;
      }

      @Override
      public String step(int action, int group, int step) {
        return null;
      }
    };
  }

  @Override
  public String action(int k) {
    int i = scenario.actionIndexOf(k);
    return i < 0 ? "action " + k : scenario.actions().get(i).name();
  }

  @Override
  public String group(int group) {
    List<io.vox.messaging.scenario.Group> groups = scenario.groups();
    return groups.isEmpty() ? null : group < groups.size() ? groups.get(group).name() : null;
  }

  @Override
  public String step(int k, int group, int step) {
    int i = scenario.actionIndexOf(k);
    if (i < 0 || (!scenario.groups().isEmpty() && group >= scenario.groups().size())) {
      return null;
    }
    Action action =
        scenario.groups().isEmpty()
            ? scenario.actions().get(i)
            : scenario.of(scenario.groups().get(group)).actions().get(i);
    Request r = Program.of(action.steps()).requests().get(step);
    return r == null ? null : r.label();
  }
}
