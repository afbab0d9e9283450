package io.vox.messaging.scenario;

import java.util.List;

/**
 * What every user of a run does: the {@code connect} steps once, then each action when told.
 * Executions are numbered from 1: action {@code i} with {@code repeat = r} takes r consecutive
 * numbers. {@code rampUpMs} spreads the users' connects over that time (closed model). {@code
 * connections}: the keep-alive connections each node opens to the target for the run: 0 for the
 * node's setting, {@link #PER_USER} for one per user of the node, else that many. {@code http}: the
 * HTTP version, TLS and name resolution of the run; on HTTP/2 many users' requests share a
 * connection as concurrent streams, and WebSocket steps stay on HTTP/1.1. {@code groups}, when not
 * empty, are the run's populations (see {@link Group}; {@link UserSplit} says who is in which): the
 * actions then hold no steps, each group has its own.
 */
public record Scenario(
    List<Step> connect,
    List<Action> actions,
    List<Feeder> feeders,
    int rampUpMs,
    int connections,
    HttpOptions http,
    List<Group> groups) {
  public static final int PER_USER = -1;

  public Scenario {
    connect = connect == null ? List.of() : List.copyOf(connect);
    actions = actions == null ? List.of() : List.copyOf(actions);
    feeders = feeders == null ? List.of() : List.copyOf(feeders);
    http = http == null ? HttpOptions.DEFAULT : http;
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /**
   * What the users of {@code group} do, as a scenario without groups: the connect steps then the
   * group's, the actions with the group's steps, the feeders then the group's.
   */
  public Scenario of(Group group) {
    List<Step> steps = new java.util.ArrayList<>(connect);
    steps.addAll(group.connect());
    List<Feeder> all = new java.util.ArrayList<>(feeders);
    all.addAll(group.feeders());
    List<Action> own = new java.util.ArrayList<>(actions.size());
    for (int i = 0; i < actions.size(); i++) {
      own.add(actions.get(i).withSteps(group.actsIn(i) ? group.steps().get(i) : List.of()));
    }
    return new Scenario(steps, own, all, rampUpMs, connections, http, List.of());
  }

  /**
   * Whether some step (of any group) is an HTTP request to a path below the target, not an absolute
   * URL: only then are connections to the target worth opening ahead.
   */
  public boolean requestsTarget() {
    for (Scenario view : views()) {
      if (requestsTarget(view.connect)) {
        return true;
      }
      for (Action a : view.actions) {
        if (requestsTarget(a.steps())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean requestsTarget(List<Step> steps) {
    for (Step s : steps) {
      if (s.request() != null && !isAbsolute(s.request().url())) {
        return true;
      }
      Logic l = s.logic();
      if (l != null
          && (requestsTarget(l.then() == null ? List.of() : l.then())
              || requestsTarget(l.otherwise() == null ? List.of() : l.otherwise())
              || (l.branches() != null
                  && l.branches().stream().anyMatch(b -> requestsTarget(b.steps()))))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAbsolute(String url) {
    String u = url == null ? "" : url.toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("http://") || u.startsWith("https://");
  }

  /** What each group does ({@link #of(Group)}), in order; this scenario alone without groups. */
  public List<Scenario> views() {
    return groups.isEmpty() ? List.of(this) : groups.stream().map(this::of).toList();
  }

  /**
   * This scenario for {@code users} users: its groups' counts shared out again in proportion to
   * what they were (for a trial with fewer users than the plan's).
   */
  public Scenario forUsers(long users) {
    long had = groups.stream().mapToLong(Group::users).sum();
    if (groups.isEmpty() || had == users) {
      return this;
    }
    long[] counts =
        UserSplit.byWeight(
            users,
            groups.stream()
                .map(g -> java.math.BigDecimal.valueOf(g.users()))
                .toArray(java.math.BigDecimal[]::new));
    List<Group> regrouped = new java.util.ArrayList<>();
    for (int g = 0; g < counts.length; g++) {
      Group old = groups.get(g);
      regrouped.add(new Group(old.name(), counts[g], old.connect(), old.feeders(), old.steps()));
    }
    return new Scenario(connect, actions, feeders, rampUpMs, connections, http, regrouped);
  }

  /** Which groups act in execution {@code k}; one entry, true, without groups. */
  public boolean[] actingGroups(int k) {
    if (groups.isEmpty()) {
      return new boolean[] {true};
    }
    int index = actionIndexOf(k);
    boolean[] in = new boolean[groups.size()];
    for (int g = 0; g < in.length; g++) {
      in[g] = groups.get(g).actsIn(index);
    }
    return in;
  }

  /** How many of the run's {@code users} act in execution {@code k}. */
  public long actingUsers(long users, int k) {
    if (groups.isEmpty()) {
      return users;
    }
    boolean[] in = actingGroups(k);
    long n = 0;
    for (int g = 0; g < in.length; g++) {
      n += in[g] ? groups.get(g).users() : 0;
    }
    return n;
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
