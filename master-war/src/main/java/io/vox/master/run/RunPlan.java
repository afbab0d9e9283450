package io.vox.master.run;

import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.UserSplit;
import java.util.List;

/**
 * A validated test plan: who the users are, where they go, what they do ({@code scenario}) and what
 * the run must meet to pass ({@code thresholds}). {@code maxDurationMs} of 0 means no limit. {@code
 * params}: the values of its parameters, the secret ones' only while this process knows them.
 */
public record RunPlan(
    String name,
    String target,
    int users,
    int minNodes,
    int requestTimeoutMs,
    long maxDurationMs,
    Scenario scenario,
    List<Threshold> thresholds,
    RunParams params) {
  public RunPlan {
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    params = params == null ? RunParams.NONE : params;
  }

  /** A plan without parameters. */
  public RunPlan(
      String name,
      String target,
      int users,
      int minNodes,
      int requestTimeoutMs,
      long maxDurationMs,
      Scenario scenario,
      List<Threshold> thresholds) {
    this(
        name,
        target,
        users,
        minNodes,
        requestTimeoutMs,
        maxDurationMs,
        scenario,
        thresholds,
        RunParams.NONE);
  }

  /**
   * This plan with the values of its secret parameters {@code secrets}, as far as they are known.
   */
  public RunPlan withSecrets(java.util.Map<String, String> secrets) {
    return new RunPlan(
        name,
        target,
        users,
        minNodes,
        requestTimeoutMs,
        maxDurationMs,
        scenario,
        thresholds,
        params.withSecrets(secrets));
  }

  /** What the plan's author should know before it runs, though the plan is valid. */
  public List<String> warnings() {
    return scenario.http().tls().insecure()
        ? List.of("tls.insecure: server certificates and names are not verified")
        : List.of();
  }

  /** How many users take part in execution {@code k}: all, unless groups sit it out. */
  public long actingUsers(int k) {
    return scenario.actingUsers(users, k);
  }

  /** The users that take part in execution {@code k}. */
  public UserSplit.Members acting(int k) {
    return UserSplit.of(users, scenario).members(scenario.actingGroups(k));
  }

  /** How many bulk actions a run performs. */
  public int actions() {
    return scenario.executions();
  }
}
