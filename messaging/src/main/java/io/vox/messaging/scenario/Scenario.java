package io.vox.messaging.scenario;

import java.util.List;

/**
 * What every user of a run does: the {@code connect} steps once, then each action when told.
 * Executions are numbered from 1: action {@code i} with {@code repeat = r} takes r consecutive
 * numbers. {@code rampUpMs} spreads the users' connects over that time (closed model). {@code
 * connections}: the keep-alive connections each node opens to the target for the run: 0 for the
 * node's setting, {@link #PER_USER} for one per user of the node, else that many. {@code http}: the
 * HTTP version, TLS and name resolution of the run; on HTTP/2 many users' requests share a
 * connection as concurrent streams, and WebSocket steps stay on HTTP/1.1.
 */
public record Scenario(
    List<Step> connect,
    List<Action> actions,
    List<Feeder> feeders,
    int rampUpMs,
    int connections,
    HttpOptions http) {
  public static final int PER_USER = -1;

  public Scenario {
    connect = connect == null ? List.of() : List.copyOf(connect);
    actions = actions == null ? List.of() : List.copyOf(actions);
    feeders = feeders == null ? List.of() : List.copyOf(feeders);
    http = http == null ? HttpOptions.DEFAULT : http;
  }

  /** How many bulk actions a run of this scenario performs. */
  public int executions() {
    return actions.stream().mapToInt(Action::repeat).sum();
  }

  /** The index in {@link #actions} of execution {@code k} (1-based), or -1 when out of range. */
  public int actionIndexOf(int k) {
    int n = 0;
    for (int i = 0; i < actions.size(); i++) {
      n += actions.get(i).repeat();
      if (k <= n && k >= 1) {
        return i;
      }
    }
    return -1;
  }
}
