package io.vox.node.scenario;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.spi.json.JsonProvider;
import io.vox.messaging.scenario.Logic;
import io.vox.messaging.scenario.Program;
import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One decision of a program ({@link Program}), compiled once: where it jumps and on what. {@link
 * #run} decides for one user, with that user's counters and lists ({@link State}).
 */
public final class CompiledLogic {
  /** The most times a repeat runs its steps, and the most elements a forEach takes. */
  public static final int MAX_TURNS = 10_000;

  private static final JsonProvider JSON = Configuration.defaultConfiguration().jsonProvider();

  /** A user's counters and lists, one per repeat and forEach of its programs. */
  public static final class State {
    final int[] counters;
    final List<?>[] lists;

    public State(int slots) {
      counters = new int[slots];
      lists = new List<?>[slots];
    }
  }

  /** The user's step fails with {@code getMessage()}: no stack trace, it is no bug of ours. */
  public static final class Failed extends RuntimeException {
    Failed(String message) {
      super(message, null, false, false);
    }
  }

  private final Program.Op op;
  private final String kind;
  private final int target;
  private final int slot;
  private final int[] targets;
  private final double[] upTo; // a switch's cumulative weights
  private final String var;
  private final Template value;
  private final boolean exists;
  private final Template equals;
  private final Pattern matches;
  private final double percent;
  private final Template times;
  private final int in;
  private final int as;

  private CompiledLogic(Program.Instr instr, Vocabulary vocabulary) {
    this.op = instr.op();
    Logic l = instr.logic();
    this.kind = l == null ? "" : l.kind();
    this.target = instr.target();
    this.slot = instr.slot();
    this.targets =
        instr.targets() == null
            ? null
            : instr.targets().stream().mapToInt(Integer::intValue).toArray();
    this.upTo = l == null || l.branches().isEmpty() ? null : new double[l.branches().size()];
    for (int b = 0; upTo != null && b < upTo.length; b++) {
      upTo[b] = (b == 0 ? 0 : upTo[b - 1]) + l.branches().get(b).weight();
    }
    this.var = l == null ? null : l.var();
    this.value = var == null ? null : Template.compile("${" + var + "}", vocabulary);
    this.exists = l != null && Boolean.TRUE.equals(l.exists());
    this.equals = l == null || l.equals() == null ? null : Template.compile(l.equals(), vocabulary);
    this.matches = l == null || l.matches() == null ? null : Pattern.compile(l.matches());
    this.percent = l == null || l.percent() == null ? -1 : l.percent();
    this.times = l == null || l.times() == null ? null : Template.compile(l.times(), vocabulary);
    this.in = l == null || l.in() == null ? -1 : vocabulary.slotOf(l.in());
    this.as = l == null || l.as() == null ? -1 : vocabulary.slotOf(l.as());
  }

  static CompiledLogic of(Program.Instr instr, Vocabulary vocabulary) {
    return new CompiledLogic(instr, vocabulary);
  }

  /**
   * Decides instruction {@code pc} for a user; returns the next instruction, {@code end} to end the
   * action as a success. {@code trace}, when given, gets a line saying what was decided.
   *
   * @throws Failed when the user's values do not allow it (a times that is no number, an array that
   *     is none)
   */
  public int run(
      int pc, int end, Session session, String[] slots, State state, List<String> trace) {
    switch (op) {
      case JUMP:
        return target;
      case EXIT:
        note(trace, "exitAction: the action ends here, passed");
        return end;
      case IF_NOT:
        {
          boolean holds = holds(session);
          note(trace, "if " + condition() + ": " + (holds ? "then" : "else"));
          return holds ? pc + 1 : target;
        }
      case PICK:
        {
          double r = ThreadLocalRandom.current().nextDouble(upTo[upTo.length - 1]);
          int b = 0;
          while (b < upTo.length - 1 && r >= upTo[b]) {
            b++;
          }
          note(trace, "switch: branch " + (b + 1) + " of " + upTo.length);
          return targets[b];
        }
      case REPEAT:
        {
          String text = times.render(session);
          int n;
          try {
            n = Integer.parseInt(text.trim());
          } catch (NumberFormatException e) {
            throw new Failed("repeat: times is \"" + clip(text) + "\", not a whole number");
          }
          if (n < 0 || n > MAX_TURNS) {
            throw new Failed("repeat: times is " + n + ", not 0 to " + MAX_TURNS);
          }
          state.counters[slot] = n;
          note(trace, "repeat " + n + " times");
          return pc + 1;
        }
      case LOOP:
        if (state.counters[slot] <= 0) {
          return target;
        }
        state.counters[slot]--;
        return pc + 1;
      case FOR_EACH:
        {
          List<String> elements = elements(slots == null ? null : slots[in]);
          state.lists[slot] = elements;
          state.counters[slot] = 0;
          note(trace, "forEach: " + elements.size() + " element(s)");
          return pc + 1;
        }
      case NEXT:
        {
          List<?> elements = state.lists[slot];
          int i = state.counters[slot];
          if (elements == null || i >= elements.size()) {
            state.lists[slot] = null;
            return target;
          }
          state.counters[slot] = i + 1;
          slots[as] = (String) elements.get(i);
          return pc + 1;
        }
      default:
        throw new IllegalStateException("not a decision: " + op);
    }
  }

  private boolean holds(Session session) {
    if (percent >= 0) {
      return ThreadLocalRandom.current().nextDouble(100) < percent;
    }
    String v = value.render(session);
    if (equals != null) {
      return v.equals(equals.render(session));
    }
    if (matches != null) {
      return matches.matcher(v).find();
    }
    return exists == !v.isEmpty();
  }

  private String condition() {
    if (percent >= 0) {
      return percent + " %";
    }
    if (equals != null) {
      return var + " equals ...";
    }
    if (matches != null) {
      return var + " matches /" + matches.pattern() + "/";
    }
    return var + (exists ? " exists" : " is empty");
  }

  /** The elements of the JSON array {@code text}: strings as they are, others as JSON. */
  private List<String> elements(String text) {
    Object doc;
    try {
      doc = text == null ? null : JSON.parse(text);
    } catch (RuntimeException e) {
      doc = null;
    }
    if (doc == null || !JSON.isArray(doc)) {
      throw new Failed(
          "forEach: "
              + (text == null ? "no value" : "\"" + clip(text) + "\"")
              + " is no JSON array");
    }
    int n = JSON.length(doc);
    if (n > MAX_TURNS) {
      throw new Failed("forEach: the array has " + n + " elements, more than " + MAX_TURNS);
    }
    List<String> out = new ArrayList<>(n);
    for (Object e : JSON.toIterable(doc)) {
      out.add(e == null ? "null" : e instanceof String s ? s : JSON.toJson(e));
    }
    return out;
  }

  private static String clip(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  private void note(List<String> trace, String line) {
    if (trace != null) {
      trace.add(line);
    }
  }

  /** What the instruction is, for a trace. */
  public String kind() {
    return kind;
  }
}
