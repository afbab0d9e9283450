package io.vox.messaging.scenario;

import java.util.List;

/**
 * A population of a run: {@code users} of the run's users (the master turned weights into counts),
 * who run the scenario's connect steps then their own {@code connect}, read the scenario's feeders
 * and their own {@code feeders} (whose rows go by the user's rank in the group), and run {@code
 * steps.get(i)} for the scenario's action {@code i}: an empty list sits that action out (the user
 * reports nothing for it).
 */
public record Group(
    String name, long users, List<Step> connect, List<Feeder> feeders, List<List<Step>> steps) {
  public Group {
    connect = connect == null ? List.of() : List.copyOf(connect);
    feeders = feeders == null ? List.of() : List.copyOf(feeders);
    steps = steps == null ? List.of() : steps.stream().map(List::copyOf).toList();
  }

  /** Whether this group's users take part in the scenario's action {@code index}. */
  public boolean actsIn(int index) {
    return index < steps.size() && !steps.get(index).isEmpty();
  }
}
