package io.vox.messaging.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a scenario's templates may use: {@code user}, {@code action}, each extracted value and
 * each forEach's element (given a session slot in order of first appearance, steps inside logic
 * steps included), {@code feeder.column} for each feeder, and {@code param.name} for each secret
 * parameter of the run (the master writes the others' values into the plan itself).
 */
public final class Vocabulary {
  public static final String USER = "user";
  public static final String ACTION = "action";
  public static final String PARAM = "param.";
  private final Map<String, Integer> slots = new LinkedHashMap<>();
  private final Map<String, int[]> feeds = new LinkedHashMap<>();
  private final java.util.Set<String> arrays = new java.util.HashSet<>();
  private final Map<String, String> params = new LinkedHashMap<>();

  private Vocabulary() {}

  /** The vocabulary of {@code scenario}, without parameters. */
  public static Vocabulary of(Scenario scenario) {
    return of(scenario, Map.of());
  }

  /** The vocabulary of {@code scenario} with the run's secret parameters' {@code params}. */
  public static Vocabulary of(Scenario scenario, Map<String, String> params) {
    Vocabulary v = new Vocabulary();
    params.forEach((name, value) -> v.params.put(PARAM + name, value));
    List<Step> all = new ArrayList<>(Program.flat(scenario.connect()));
    scenario.actions().forEach(a -> all.addAll(Program.flat(a.steps())));
    for (Step s : all) {
      if (s.logic() != null && s.logic().as() != null) {
        v.slots.putIfAbsent(s.logic().as(), v.slots.size());
        v.arrays.add(s.logic().in());
      }
      if (s.request() != null) {
        s.request().extract().forEach(e -> v.slots.putIfAbsent(e.name(), v.slots.size()));
      }
      if (s.ws() != null) {
        s.ws().extract().forEach(e -> v.slots.putIfAbsent(e.name(), v.slots.size()));
      }
    }
    List<Feeder> feeders = scenario.feeders();
    for (int f = 0; f < feeders.size(); f++) {
      List<String> columns = feeders.get(f).columns();
      for (int c = 0; c < columns.size(); c++) {
        v.feeds.put(feeders.get(f).name() + "." + columns.get(c), new int[] {f, c});
      }
    }
    return v;
  }

  /**
   * Whether extracted value {@code name} is the array of a forEach: a JSON path that can match many
   * keeps its matches as an array then, even one or none.
   */
  public boolean isArray(String name) {
    return arrays.contains(name);
  }

  /** How many session slots a user needs. */
  public int slots() {
    return slots.size();
  }

  /** The session slot of extracted value {@code name}, or -1. */
  public int slotOf(String name) {
    Integer s = slots.get(name);
    return s == null ? -1 : s;
  }

  /** Whether a template may use {@code name}. */
  public boolean knows(String name) {
    return USER.equals(name)
        || ACTION.equals(name)
        || slots.containsKey(name)
        || feeds.containsKey(name)
        || params.containsKey(name);
  }

  /** Every name a template may use, for error messages. */
  public List<String> names() {
    List<String> names = new ArrayList<>(List.of(USER, ACTION));
    names.addAll(slots.keySet());
    names.addAll(feeds.keySet());
    names.addAll(params.keySet());
    return names;
  }

  Template.Part part(String name) {
    if (USER.equals(name)) {
      return (out, s) -> out.append(s.user());
    }
    if (ACTION.equals(name)) {
      return (out, s) -> out.append(s.action());
    }
    Integer slot = slots.get(name);
    if (slot != null) {
      int i = slot;
      return (out, s) -> {
        String value = s.value(i);
        if (value != null) {
          out.append(value);
        }
      };
    }
    int[] feed = feeds.get(name);
    if (feed != null) {
      int f = feed[0];
      int c = feed[1];
      return (out, s) -> out.append(s.feed(f, c));
    }
    String param = params.get(name);
    if (param != null) {
      return (out, s) -> out.append(param);
    }
    throw new IllegalArgumentException("${" + name + "} is not defined");
  }
}
