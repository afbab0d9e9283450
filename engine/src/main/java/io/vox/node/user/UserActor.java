package io.vox.node.user;

import io.vox.messaging.UserResult;
import io.vox.messaging.actor.Actor;
import io.vox.messaging.actor.ActorStats;
import io.vox.messaging.scenario.Session;
import io.vox.node.scenario.CompiledLogic;
import io.vox.node.scenario.CompiledScenario;
import io.vox.node.scenario.CompiledScenario.CompiledStep;
import io.vox.node.scenario.CompiledWebSocket;
import io.vox.node.scenario.Cookies;
import io.vox.node.user.HttpLane.HttpResult;
import java.util.List;

/**
 * One simulated user. It lives on one lane (event loop): it runs the scenario's connect steps once
 * (e.g. logs in and keeps its token), then the steps of each bulk action it is told, and reports
 * each action as one result: the sum of its requests' latencies, the sum of the waits for a
 * connection before its later requests, the last status, and the first failure (a failed request or
 * check ends the action). Nothing blocks: every response and every end of a think time is a message
 * back to the same actor. This class routes the messages and keeps what outlives an action (the
 * session's values, cookies, client certificate, WebSocket); {@link ActionSteps} runs an action's
 * steps, {@link WebSocketSteps} the WebSocket ones, {@link LoopAction} counts a loop's iterations.
 */
final class UserActor extends Actor<UserActor.Msg> implements Session {
  sealed interface Msg
      permits Connect, Act, Done, Resume, Deadline, WsOpened, WsMessage, WsClosed, Again, Turn {}

  /** The request of step {@code seq}, held back by the action's maxRps, may go now. */
  record Turn(int seq) implements Msg {}

  /** Start the next iteration of a loop action (step {@code seq}). */
  record Again(int seq) implements Msg {}

  record Connect() implements Msg {}

  record Act(int action, long intendedUs) implements Msg {}

  record Done(int seq, HttpResult result) implements Msg {}

  record Resume(int seq) implements Msg {}

  record Deadline(int action, int maxDurationMs) implements Msg {}

  record WsOpened(int seq, HttpLane.WebSocketHandle ws, long latencyUs) implements Msg {}

  record WsMessage(HttpLane.WebSocketHandle ws, String text) implements Msg {}

  /** A WebSocket ended; {@code seq} is the step that opened it. */
  record WsClosed(int seq, HttpLane.WebSocketHandle ws, String reason) implements Msg {}

  static final Connect CONNECT = new Connect();
  private static final int IDLE = -1;
  private final long user;
  private final int group; // its index in the plan's groups, 0 without groups
  private final long rank; // the user's place in its group, for the group's feeders
  private final CompiledScenario scenario; // its group's
  private final RunUsers run;
  private final HttpLane lane;
  private String[] slots;
  private String[] cookies;
  private boolean connected;
  private int seq; // the current step's number: a late response or timer of an earlier one is void
  private ActionSteps acting; // null when idle
  private WebSocketSteps websocket; // null until the user's first WebSocket step
  private LoopAction loop; // null outside of a loop action
  private HttpLane.ClientIdentity identity; // the user's own client certificate, if the plan has
  private CompiledLogic.State logic; // its repeats' and forEach's counters, once it needs them

  UserActor(
      long user,
      int group,
      long rank,
      CompiledScenario scenario,
      RunUsers run,
      HttpLane lane,
      int throughput,
      ActorStats stats) {
    super(lane.executor(), throughput, stats);
    this.user = user;
    this.group = group;
    this.rank = rank;
    this.scenario = scenario;
    this.run = run;
    this.lane = lane;
  }

  @Override
  protected void receive(Msg msg) {
    if (msg instanceof Done d) {
      if (d.seq() == seq && acting != null) {
        acting.onResult(d.result());
      }
    } else if (msg instanceof Turn t) {
      if (t.seq() == seq && acting != null) {
        acting.turn(t.seq());
      }
    } else if (msg instanceof Resume r) {
      if (r.seq() == seq && acting != null) {
        if (websocket != null && websocket.expecting()) {
          websocket.timedOut();
        } else {
          acting.stepDone();
        }
      }
    } else if (msg instanceof WsOpened o) {
      websocket().opened(o);
    } else if (msg instanceof WsMessage m) {
      websocket().message(m);
    } else if (msg instanceof WsClosed c) {
      websocket().closed(c);
    } else if (msg instanceof Act a) {
      startAction(a.action(), a.intendedUs());
    } else if (msg instanceof Again a) {
      if (a.seq() == seq && loop != null && loop.waiting() && acting != null) {
        loop.waiting(false);
        acting.start(acting.intendedUs());
      }
    } else if (msg instanceof Deadline d) {
      deadline(d);
    } else {
      int n = scenario.slots();
      slots = n == 0 ? null : new String[n];
      begin(0, run.nowUs());
    }
  }

  private void startAction(int k, long intended) {
    CompiledStep[] steps = scenario.steps(k);
    if (steps == null || steps.length == 0) {
      return; // the user's group sits this action out: no row, and the master expects none
    }
    if (!connected) {
      run.report(UserResult.once(user, k, intended, run.nowUs(), 0, 0, "not connected"));
    } else if (acting != null) {
      run.report(
          UserResult.once(
              user, k, intended, run.nowUs(), 0, 0, "still busy with action " + acting.action()));
    } else {
      begin(k, intended);
    }
  }

  private void begin(int k, long intended) {
    io.vox.messaging.scenario.Action definition = k == 0 ? null : scenario.definition(k);
    boolean loops = definition != null && definition.loopMs() > 0;
    long[] windows =
        loops && !definition.userStages().isEmpty() ? windowsUs(definition, k, intended) : null;
    // a user that joins later is due when it joins: its wait is no delay of the tool's
    long first = windows == null ? intended : windows.length == 0 ? -1 : windows[0];
    loop =
        loops
            ? new LoopAction(
                intended + definition.loopMs() * 1000L,
                definition.pacingMs() * 1000L,
                Math.max(first, intended),
                windows)
            : null;
    acting = new ActionSteps(this, run, lane, k, intended);
    if (first < 0) {
      reportLoop(k); // the user stages never reach this user: a row without iterations
    } else if (first > intended) {
      loop.waiting(true); // it joins later
      acting.intendedUs(first);
      Again again = new Again(seq);
      lane.schedule(Math.max(1, (first - run.nowUs() + 999) / 1000), () -> tell(again));
    } else {
      acting.start(intended);
    }
  }

  /** When this user is active in a loop with user stages, as epoch µs from {@code intended}. */
  private long[] windowsUs(io.vox.messaging.scenario.Action definition, int k, long intended) {
    long[] ms = definition.activeWindowsMs(run.stageRank(user, k));
    long[] us = new long[ms.length];
    for (int i = 0; i < ms.length; i++) {
      us[i] = intended + ms[i] * 1000;
    }
    return us;
  }

  private void deadline(Deadline d) {
    if (acting == null || acting.action() != d.action()) {
      return;
    }
    if (loop != null) {
      loop.stop(); // no iteration after this one
      if (loop.waiting()) {
        reportLoop(d.action());
        return;
      }
    }
    acting.abandonStep();
    finish(acting.label() + ": still running after maxDurationMs " + d.maxDurationMs() + " ms");
  }

  /** The action (or the connect steps) ended, with {@code error} null when it passed. */
  void finish(String error) {
    ActionSteps a = acting;
    if (a == null) {
      return;
    }
    if (websocket != null) {
      websocket.stopExpecting();
    }
    seq++; // a late response or wake-up of this action is ignored
    if (a.action() == 0) {
      acting = null;
      connected = error == null;
      run.connectDone(connected, error);
      return;
    }
    long start = a.startUs();
    if (loop != null) {
      iterationDone(a, error, start);
      return;
    }
    acting = null;
    run.report(a.result(error, start));
  }

  /** Counts an iteration of a loop action, then starts the next or reports the loop. */
  private void iterationDone(ActionSteps a, String error, long start) {
    // an iteration that sent nothing (an exitAction first, an empty branch) is no request: it
    // is not counted, unless it failed
    boolean sent = a.sentAny();
    if (sent || error != null) {
      a.countIteration(loop, error, start);
    }
    long nowUs = run.nowUs();
    long nextUs = loop.nextUs(a.intendedUs(), nowUs);
    if (nextUs < 0) {
      reportLoop(a.action());
      return;
    }
    loop.waiting(true);
    a.intendedUs(nextUs); // the next iteration starts from the message, at this intended start
    Again again = new Again(seq);
    long waitMs = (nextUs - nowUs) / 1000;
    if (!sent && waitMs <= 0) {
      waitMs = 1; // one timer tick: iterations that send nothing would spin the event loop
    }
    if (waitMs > 0) {
      lane.schedule(waitMs, () -> tell(again));
    } else {
      tell(again); // through the mailbox: other users of this loop get their turn
    }
  }

  private void reportLoop(int k) {
    LoopAction l = loop;
    loop = null;
    acting = null;
    seq++;
    run.report(l.result(user, k, run.nowUs()));
  }

  @Override
  protected void onFailure(Msg msg, RuntimeException failure) {
    super.onFailure(msg, failure);
    run.actorFailed(user, msg, failure);
    int action = acting == null ? IDLE : acting.action();
    if (msg instanceof Act a && action != a.action()) {
      run.report(
          UserResult.once(
              user, a.action(), a.intendedUs(), run.nowUs(), 0, 0, "user failed: " + failure));
    } else if (acting != null) {
      acting.abandonStep();
      finish("user failed: " + failure);
    }
  }

  // what ActionSteps and WebSocketSteps ask of their user

  /** How long the loop action under way has left, in ns; no end outside a loop. */
  long loopLeftNs() {
    return loop == null ? Long.MAX_VALUE : Math.max(0, loop.endUs() - run.nowUs()) * 1000;
  }

  /** The loop's time is up before its next request could go: its result, without this try. */
  void loopOver() {
    if (loop != null && acting != null) {
      loop.stop();
      reportLoop(acting.action());
    }
  }

  int nextSeq() {
    return ++seq;
  }

  int seq() {
    return seq;
  }

  int group() {
    return group;
  }

  CompiledLogic.State logicState() {
    if (logic == null) {
      logic = new CompiledLogic.State(scenario.logicSlots());
    }
    return logic;
  }

  /** Whether the user's group takes part in action {@code k}. */
  boolean actsIn(int k) {
    CompiledStep[] steps = scenario.steps(k);
    return steps != null && steps.length > 0;
  }

  /** What the user's group does. */
  CompiledScenario scenario() {
    return scenario;
  }

  HttpLane lane() {
    return lane;
  }

  String[] slots() {
    return slots;
  }

  WebSocketSteps websocket() {
    if (websocket == null) {
      websocket = new WebSocketSteps(this);
    }
    return websocket;
  }

  HttpLane.ClientIdentity identity() {
    if (identity == null) {
      identity = scenario.identity(this);
    }
    return identity;
  }

  boolean isCurrent(int seq) {
    return seq == this.seq;
  }

  /** Later timers and responses of this step are ignored. */
  void voidTimers() {
    seq++;
  }

  void addLatencyUs(long us) {
    if (acting != null) {
      acting.addLatencyUs(us);
    }
  }

  /**
   * The current step's WebSocket step, null when the user is not acting, the step is none, or
   * {@code seq} (unless -1) is no longer the current one.
   */
  CompiledWebSocket currentWebSocket(int seq) {
    if (acting == null || (seq != -1 && seq != this.seq)) {
      return null;
    }
    CompiledStep s = acting.current();
    return s == null ? null : s.ws();
  }

  /** The current step is done: on to the next. */
  void stepDone() {
    if (acting != null) {
      acting.stepDone();
    }
  }

  /** The Cookie header for a request to {@code url} (a path below the target, or absolute). */
  String cookieFor(String url) {
    return cookies == null ? null : Cookies.header(cookies, lane.absolute(url));
  }

  /** Keeps the cookies a response to {@code url} set. */
  void keepCookies(List<String> setCookies, String url) {
    if (!setCookies.isEmpty()) {
      cookies = Cookies.update(cookies, setCookies, lane.absolute(url));
    }
  }

  void note(String text) {
    if (run.tracer() != null) {
      run.tracer().note(user, action(), text);
    }
  }

  @Override
  public long user() {
    return user;
  }

  @Override
  public int action() {
    return acting == null ? 0 : acting.action();
  }

  @Override
  public String value(int slot) {
    return slots == null ? null : slots[slot];
  }

  @Override
  public String feed(int feeder, int column) {
    return scenario.feed(user, rank, feeder, column);
  }
}
