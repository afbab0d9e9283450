package io.vox.messaging.scenario;

import java.util.List;

/**
 * A step that decides what the user does next, by {@code kind}:
 *
 * <ul>
 *   <li>{@code if}: runs {@code then} when the condition holds, else {@code otherwise} (may be
 *       empty). The condition is on the value of the name {@code var} (an extracted value, a feeder
 *       column, {@code user} or {@code action}): that it is not empty ({@code exists}), that it
 *       {@code equals} a templated text, or that regex {@code matches} is found in it; or it holds
 *       {@code percent} per cent of the time.
 *   <li>{@code switch}: runs one of {@code branches}, picked at random by weight.
 *   <li>{@code repeat}: runs {@code then} {@code times} times (a whole number, may be templated).
 *   <li>{@code forEach}: runs {@code then} once per element of the JSON array in the extracted
 *       value {@code in}, the element in the user's value {@code as} (a string as it is, anything
 *       else as JSON text).
 *   <li>{@code exitAction}: ends the user's action (or loop iteration) here, as a success.
 * </ul>
 */
public record Logic(
    String kind,
    String var,
    Boolean exists,
    String equals,
    String matches,
    Double percent,
    String times,
    String in,
    String as,
    List<Step> then,
    List<Step> otherwise,
    List<Branch> branches) {
  public static final String IF = "if";
  public static final String SWITCH = "switch";
  public static final String REPEAT = "repeat";
  public static final String FOR_EACH = "forEach";
  public static final String EXIT = "exitAction";

  public Logic {
    then = then == null ? List.of() : List.copyOf(then);
    otherwise = otherwise == null ? List.of() : List.copyOf(otherwise);
    branches = branches == null ? List.of() : List.copyOf(branches);
  }

  /** One way of a {@code switch}: its relative weight and its steps. */
  public record Branch(double weight, List<Step> steps) {
    public Branch {
      steps = steps == null ? List.of() : List.copyOf(steps);
    }
  }
}
