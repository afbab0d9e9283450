package io.vox.bench;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.spi.json.JsonProvider;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Logic;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Think;
import io.vox.messaging.scenario.Vocabulary;
import io.vox.node.scenario.CompiledLogic;
import io.vox.node.scenario.CompiledScenario;
import io.vox.node.scenario.CompiledScenario.CompiledStep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decisions of a logic program on a user's hot path: a forEach over an extracted array of ten
 * ids, an if on each (a regex), a repeat of two in its else, the think steps between them skipped;
 * against the reference of the same decisions written by hand in one loop (the array parsed by the
 * same JSON provider).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LogicBenchmark {
  static final String IDS = "[0,1,2,3,4,5,6,7,8,9]";
  private static final JsonProvider JSON = Configuration.defaultConfiguration().jsonProvider();
  private static final Pattern EVEN = Pattern.compile("[02468]$");

  private CompiledStep[] program;
  private CompiledLogic.State state;
  private String[] slots;
  private ScenarioBenchmark.User user;

  private static Step logic(Logic l) {
    return new Step(null, null, null, l);
  }

  @Setup
  public void setUp() {
    Step fetch =
        new Step(
            new Request(
                null,
                "GET",
                "/feed",
                Map.of(),
                null,
                List.of(),
                List.of(new Extract("ids", "$.ids", null, null)),
                null,
                null,
                null,
                null),
            null,
            null,
            null);
    Step pause = new Step(null, new Think(0, null, null, null), null, null);
    Step twice =
        logic(
            new Logic(
                Logic.REPEAT,
                null,
                null,
                null,
                null,
                null,
                "2",
                null,
                null,
                List.of(pause),
                null,
                null));
    Step branch =
        logic(
            new Logic(
                Logic.IF,
                "id",
                null,
                null,
                "[02468]$",
                null,
                null,
                null,
                null,
                List.of(pause),
                List.of(twice),
                null));
    Step each =
        logic(
            new Logic(
                Logic.FOR_EACH,
                null,
                null,
                null,
                null,
                null,
                null,
                "ids",
                "id",
                List.of(branch),
                null,
                null));
    Scenario scenario =
        new Scenario(
            List.of(),
            List.of(
                new Action(
                    "a", 1, List.of(fetch, each), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
            List.of(),
            0,
            0,
            HttpOptions.DEFAULT,
            List.of());
    CompiledScenario compiled = CompiledScenario.of(1, scenario);
    program = compiled.steps(1);
    state = new CompiledLogic.State(compiled.logicSlots());
    Vocabulary v = Vocabulary.of(scenario);
    slots = new String[v.slots()];
    slots[v.slotOf("ids")] = IDS;
    user = new ScenarioBenchmark.User(7, 1, slots);
  }

  @Benchmark
  public int runProgram() {
    int pc = 1; // after the request that extracted the ids
    int steps = 0;
    while (pc < program.length) {
      CompiledStep s = program[pc];
      if (s.logic() == null) {
        steps++; // a think: the user would wait here
        pc++;
      } else {
        pc = s.logic().run(pc, program.length, user, slots, state, null);
      }
    }
    return steps;
  }

  @Benchmark
  public int byHandReference() {
    Object doc = JSON.parse(slots[0]);
    int steps = 0;
    for (Object e : JSON.toIterable(doc)) {
      String id = JSON.toJson(e);
      if (EVEN.matcher(id).find()) {
        steps++;
      } else {
        for (int i = 0; i < 2; i++) {
          steps++;
        }
      }
    }
    return steps;
  }
}
