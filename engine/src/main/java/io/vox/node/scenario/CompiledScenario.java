package io.vox.node.scenario;

import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.Masker;
import io.vox.messaging.scenario.Program;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Vocabulary;
import io.vox.node.user.HttpLane.ClientIdentity;
import java.util.List;
import java.util.Map;

/**
 * What the users of one group of a run do (every user of a run without groups), compiled once on a
 * node; shared by those users, read only.
 */
public final class CompiledScenario {
  /**
   * A compiled instruction of a program ({@link Program}): exactly one of a request, a think time,
   * a WebSocket step and a decision ({@code logic}: a jump, a condition, a repeat...).
   */
  public record CompiledStep(
      CompiledRequest request, Think think, CompiledWebSocket ws, CompiledLogic logic) {}

  private final long runId;
  private final Vocabulary vocabulary;
  private final CompiledStep[] connect;
  private final CompiledStep[][] actions;
  private final Action[] definitions;
  private final Feeder[] feeders;
  private final String[][][] rows;
  private final int executions;
  private final int rampUpMs;
  private final Template[] identity;
  private final int sharedFeeders; // the run's feeders, before the group's own
  private final Masker masker;

  private CompiledScenario(
      long runId, Scenario s, int sharedFeeders, Map<String, String> params, Masker masker) {
    this.runId = runId;
    this.sharedFeeders = sharedFeeders;
    this.masker = masker;
    this.vocabulary = Vocabulary.of(s, params);
    this.connect = compile(s.connect(), vocabulary);
    this.actions = new CompiledStep[s.actions().size()][];
    this.definitions = s.actions().toArray(Action[]::new);
    for (int i = 0; i < actions.length; i++) {
      actions[i] = compile(definitions[i].steps(), vocabulary);
    }
    this.feeders = s.feeders().toArray(Feeder[]::new);
    this.rows = new String[feeders.length][][];
    for (int f = 0; f < feeders.length; f++) {
      rows[f] =
          feeders[f].rows().stream().map(r -> r.toArray(String[]::new)).toArray(String[][]::new);
    }
    this.executions = s.executions();
    this.rampUpMs = s.rampUpMs();
    var tls = s.http().tls();
    String[] fields = {tls.cert(), tls.key(), tls.pkcs12(), tls.password()};
    boolean perUser = tls.perUser();
    this.identity = perUser ? new Template[fields.length] : null;
    for (int i = 0; perUser && i < fields.length; i++) {
      identity[i] = Template.compile(fields[i], vocabulary);
    }
    this.index = new int[executions + 1];
    for (int k = 1; k <= executions; k++) {
      index[k] = s.actionIndexOf(k);
    }
  }

  private final int[] index;

  /** The scenario of a run without groups. */
  public static CompiledScenario of(long runId, Scenario scenario) {
    return groups(runId, scenario)[0];
  }

  /** One compiled scenario per group of {@code scenario}, in order; one when it has none. */
  public static CompiledScenario[] groups(long runId, Scenario scenario) {
    return groups(runId, scenario, Map.of());
  }

  /**
   * One compiled scenario per group of {@code scenario}, in order, rendering {@code ${param.name}}
   * with the run's secret {@code params}.
   */
  public static CompiledScenario[] groups(
      long runId, Scenario scenario, Map<String, String> params) {
    Masker masker = Masker.of(params.values());
    if (scenario.groups().isEmpty()) {
      return new CompiledScenario[] {
        new CompiledScenario(runId, scenario, scenario.feeders().size(), params, masker)
      };
    }
    int shared = scenario.feeders().size();
    return scenario.groups().stream()
        .map(g -> new CompiledScenario(runId, scenario.of(g), shared, params, masker))
        .toArray(CompiledScenario[]::new);
  }

  /** Hides the run's secret values in a text this node reports or logs. */
  public Masker masker() {
    return masker;
  }

  private int logicSlots;

  private CompiledStep[] compile(List<Step> steps, Vocabulary vocabulary) {
    Program program = Program.of(steps);
    logicSlots = Math.max(logicSlots, program.slots());
    return program.code().stream()
        .map(
            i -> {
              Step s = i.op() == Program.Op.STEP ? i.step() : null;
              if (s == null) {
                return new CompiledStep(null, null, null, CompiledLogic.of(i, vocabulary));
              }
              return new CompiledStep(
                  s.request() == null ? null : CompiledRequest.of(s.request(), vocabulary),
                  s.think() == null ? null : Think.of(s.think()),
                  s.ws() == null ? null : CompiledWebSocket.of(s.ws(), vocabulary),
                  null);
            })
        .toArray(CompiledStep[]::new);
  }

  /** Counters a user needs for the repeats and forEach of its steps (0 without any). */
  public int logicSlots() {
    return logicSlots;
  }

  public long runId() {
    return runId;
  }

  /** Session slots per user. */
  public int slots() {
    return vocabulary.slots();
  }

  public CompiledStep[] connect() {
    return connect;
  }

  /** How many bulk actions the run has. */
  public int executions() {
    return executions;
  }

  /**
   * The steps of bulk action {@code k} (1-based), or null when there is no such action; none when
   * the group sits it out.
   */
  public CompiledStep[] steps(int k) {
    return k >= 1 && k <= executions ? actions[index[k]] : null;
  }

  /** The definition of bulk action {@code k}, or null when there is no such action. */
  public Action definition(int k) {
    return k >= 1 && k <= executions ? definitions[index[k]] : null;
  }

  public int rampUpMs() {
    return rampUpMs;
  }

  /**
   * The client certificate of the user whose session is {@code session}, when the plan's comes from
   * each user's feeder row; null when the run has one certificate (or none).
   */
  public ClientIdentity identity(Session session) {
    if (identity == null) {
      return null;
    }
    String[] v = new String[identity.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = identity[i] == null ? null : identity[i].render(session);
    }
    return new ClientIdentity(v[0], v[1], v[2], v[3]);
  }

  /**
   * Column {@code column} of the row of feeder {@code feeder} for user {@code user}, whose place in
   * its group is {@code rank}: the run's feeders go by user, the group's by rank.
   */
  public String feed(long user, long rank, int feeder, int column) {
    int row = feeders[feeder].rowOf(runId, feeder < sharedFeeders ? user : rank);
    return row < 0 ? "" : rows[feeder][row][column];
  }
}
