package io.vox.messaging.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of steps with their logic flattened into instructions and jumps, the same on the master
 * and on every node: a request's place in the program is its step number in the per-request
 * figures, and a user runs the program with one counter ({@link #slots()}) per repeat and forEach.
 *
 * <ul>
 *   <li>{@code if}: {@code IF_NOT} jumps over {@code then} to {@code otherwise} when the condition
 *       fails; {@code then} ends with a {@code JUMP} over {@code otherwise}.
 *   <li>{@code switch}: {@code PICK} jumps to one branch's start ({@code targets}); each branch
 *       ends with a {@code JUMP} to the end.
 *   <li>{@code repeat}: {@code REPEAT} sets counter {@code slot} to the times; {@code LOOP} leaves
 *       for {@code target} when it is spent, else counts one down; the body ends with a {@code
 *       JUMP} back to the {@code LOOP}.
 *   <li>{@code forEach}: {@code FOR_EACH} reads the array into {@code slot}; {@code NEXT} leaves
 *       when every element was used, else sets the next one; the body jumps back to {@code NEXT}.
 *   <li>{@code exitAction}: {@code EXIT}.
 * </ul>
 */
public final class Program {
  public enum Op {
    STEP,
    JUMP,
    IF_NOT,
    PICK,
    REPEAT,
    LOOP,
    FOR_EACH,
    NEXT,
    EXIT
  }

  /** One instruction: a step to run, or a decision and where it jumps. */
  public record Instr(Op op, Step step, Logic logic, int target, int slot, List<Integer> targets) {}

  /**
   * The most instructions a program may have (a plan is refused beyond): the master checks a
   * request's step number against it.
   */
  public static final int MAX_LENGTH = 1000;

  /**
   * How many times a templated repeat or a forEach is taken to run its steps in {@link #longestMs}.
   */
  public static final int UNKNOWN_TURNS = 100;

  private final List<Instr> code;
  private final int slots;

  private Program(List<Instr> code, int slots) {
    this.code = List.copyOf(code);
    this.slots = slots;
  }

  /** The program of {@code steps}. */
  public static Program of(List<Step> steps) {
    Builder b = new Builder();
    b.emit(steps);
    return new Program(b.done(), b.slots);
  }

  public List<Instr> code() {
    return code;
  }

  /** Counters a user needs to run it: one per repeat and forEach. */
  public int slots() {
    return slots;
  }

  /** The program's requests by their place in it, in order. */
  public Map<Integer, Request> requests() {
    Map<Integer, Request> out = new LinkedHashMap<>();
    for (int i = 0; i < code.size(); i++) {
      Step s = code.get(i).step();
      if (s != null && s.request() != null) {
        out.put(i, s.request());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The longest time {@code steps} may take, in ms: each request (and WebSocket wait) at its
   * timeout, each think at its longest, an if or a switch its longest way, a repeat its times (a
   * templated one, like a forEach, {@link #UNKNOWN_TURNS}); a week at most.
   */
  public static long longestMs(List<Step> steps, int requestTimeoutMs) {
    long path = 0;
    for (Step s : steps) {
      if (s.request() != null) {
        path += requestTimeoutMs;
      } else if (s.ws() != null) {
        path += Math.max(s.ws().timeoutMs(), requestTimeoutMs);
      } else if (s.think() != null) {
        Think t = s.think();
        path += t.ms() != null ? t.ms() : t.maxMs() != null ? t.maxMs() : 10L * or0(t.meanMs());
      } else if (s.logic() != null) {
        Logic l = s.logic();
        long inside =
            Math.max(
                longestMs(l.then(), requestTimeoutMs), longestMs(l.otherwise(), requestTimeoutMs));
        for (Logic.Branch b : l.branches()) {
          inside = Math.max(inside, longestMs(b.steps(), requestTimeoutMs));
        }
        long turns = 1;
        if (l.kind().equals(Logic.FOR_EACH)) {
          turns = UNKNOWN_TURNS;
        } else if (l.kind().equals(Logic.REPEAT)) {
          turns = l.times().matches("\\d{1,5}") ? Long.parseLong(l.times()) : UNKNOWN_TURNS;
        }
        path += turns * inside;
      }
      path = Math.min(path, WEEK_MS); // no overflow, whatever the nesting
    }
    return path;
  }

  private static final long WEEK_MS = 7L * 86_400_000;

  private static long or0(Integer v) {
    return v == null ? 0 : v;
  }

  /** Every step of {@code steps}, the steps inside their logic too, depth first. */
  public static List<Step> flat(List<Step> steps) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      out.add(s);
      Logic l = s.logic();
      if (l != null) {
        out.addAll(flat(l.then()));
        out.addAll(flat(l.otherwise()));
        l.branches().forEach(br -> out.addAll(flat(br.steps())));
      }
    }
    return out;
  }

  private static final class Builder {
    private final List<Object[]> code = new ArrayList<>(); // op, step, logic, target, slot, targets
    private int slots;

    private int here() {
      return code.size();
    }

    private int add(Op op, Step step, Logic logic, int slot) {
      code.add(new Object[] {op, step, logic, -1, slot, null});
      return code.size() - 1;
    }

    private void target(int at, int target) {
      code.get(at)[3] = target;
    }

    void emit(List<Step> steps) {
      for (Step s : steps) {
        Logic l = s.logic();
        if (l == null) {
          add(Op.STEP, s, null, -1);
          continue;
        }
        switch (l.kind()) {
          case Logic.IF -> {
            int test = add(Op.IF_NOT, s, l, -1);
            emit(l.then());
            if (l.otherwise().isEmpty()) {
              target(test, here());
            } else {
              int jump = add(Op.JUMP, null, null, -1);
              target(test, here());
              emit(l.otherwise());
              target(jump, here());
            }
          }
          case Logic.SWITCH -> {
            int pick = add(Op.PICK, s, l, -1);
            List<Integer> starts = new ArrayList<>();
            List<Integer> jumps = new ArrayList<>();
            for (Logic.Branch br : l.branches()) {
              starts.add(here());
              emit(br.steps());
              jumps.add(add(Op.JUMP, null, null, -1));
            }
            code.get(pick)[5] = List.copyOf(starts);
            jumps.forEach(j -> target(j, here()));
          }
          case Logic.REPEAT, Logic.FOR_EACH -> {
            int slot = slots++;
            boolean repeat = l.kind().equals(Logic.REPEAT);
            add(repeat ? Op.REPEAT : Op.FOR_EACH, s, l, slot);
            int head = add(repeat ? Op.LOOP : Op.NEXT, s, l, slot);
            emit(l.then());
            target(add(Op.JUMP, null, null, -1), head);
            target(head, here());
          }
          case Logic.EXIT -> add(Op.EXIT, s, l, -1);
          default -> throw new IllegalArgumentException("unknown logic step " + l.kind());
        }
      }
    }

    @SuppressWarnings("unchecked")
    List<Instr> done() {
      List<Instr> out = new ArrayList<>(code.size());
      for (Object[] c : code) {
        out.add(
            new Instr(
                (Op) c[0],
                (Step) c[1],
                (Logic) c[2],
                (int) c[3],
                (int) c[4],
                (List<Integer>) c[5]));
      }
      return out;
    }
  }
}
