package io.vox.node.user;

import io.vox.messaging.UserResult;
import io.vox.messaging.actor.Actor;
import io.vox.messaging.actor.ActorStats;
import io.vox.messaging.scenario.Session;
import io.vox.node.scenario.CompiledRequest;
import io.vox.node.scenario.CompiledScenario.CompiledStep;
import io.vox.node.scenario.CompiledWebSocket;
import io.vox.node.scenario.Cookies;
import io.vox.node.user.HttpLane.HttpResult;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated user. It lives on one lane (event loop): it runs the scenario's connect steps once
 * (e.g. logs in and keeps its token), then the steps of each bulk action it is told, and reports
 * each action as one result: the sum of its requests' latencies, the sum of the waits for a
 * connection before its later requests, the last status, and the first failure (a failed request or
 * check ends the action). Nothing blocks: every response and every end of a think time is a message
 * back to the same actor.
 */
final class UserActor extends Actor<UserActor.Msg> implements Session {
  sealed interface Msg
      permits Connect, Act, Done, Resume, Deadline, WsOpened, WsMessage, WsClosed, Again {}

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

  static final int MAX_REDIRECTS = 10;

  static final Connect CONNECT = new Connect();
  private static final int IDLE = -1;
  private final long user;
  private final RunUsers run;
  private final HttpLane lane;
  private String[] slots;
  private String[] cookies;
  private boolean connected;
  private int action = IDLE; // 0 while connecting
  private int step;
  private int seq;
  private int lastStatus;
  private long intendedUs;
  private long firstStartUs;
  private long latencyUs;
  private long queuedUs; // waits before the requests after the first (see UserResult)
  // think times before the iteration's first request: its intended start moves by them, so they
  // count neither as dispatch delay nor in the corrected latency
  private long thinkFirstUs;
  private long askedUs; // when the request in flight was handed to the lane
  private WebSocketSteps websocket; // null until the user's first WebSocket step
  private LoopAction loop; // null outside of a loop action
  private Hop hop;
  private HttpLane.ClientIdentity identity; // the user's own client certificate, if the plan has
  private String sentUrl;

  /** The request of the current step being sent again to a redirect's Location. */
  private record Hop(
      int count, String method, String url, String body, byte[] bytes, String from) {}

  UserActor(long user, RunUsers run, HttpLane lane, int throughput, ActorStats stats) {
    super(lane.executor(), throughput, stats);
    this.user = user;
    this.run = run;
    this.lane = lane;
  }

  @Override
  protected void receive(Msg msg) {
    if (msg instanceof Done d) {
      if (d.seq() == seq && action != IDLE) {
        onResult(d.result());
      }
    } else if (msg instanceof Resume r) {
      if (r.seq() == seq && action != IDLE) {
        if (websocket != null && websocket.expecting()) {
          websocket.timedOut();
        } else {
          stepDone();
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
      if (a.seq() == seq && loop != null && loop.waiting()) {
        loop.waiting(false);
        iteration();
      }
    } else if (msg instanceof Deadline d) {
      if (action == d.action()) {
        if (loop != null) {
          loop.stop(); // no iteration after this one
          if (loop.waiting()) {
            reportLoop(action);
            return;
          }
        }
        finish(label() + ": still running after maxDurationMs " + d.maxDurationMs() + " ms");
      }
    } else {
      int n = run.scenario().slots();
      slots = n == 0 ? null : new String[n];
      begin(0, run.nowUs());
    }
  }

  private void startAction(int k, long intended) {
    if (!connected) {
      run.report(UserResult.once(user, k, intended, run.nowUs(), 0, 0, "not connected"));
    } else if (action != IDLE) {
      run.report(
          UserResult.once(
              user, k, intended, run.nowUs(), 0, 0, "still busy with action " + action));
    } else {
      begin(k, intended);
    }
  }

  private void begin(int k, long intended) {
    action = k;
    intendedUs = intended;
    io.vox.messaging.scenario.Action definition = k == 0 ? null : run.scenario().definition(k);
    loop =
        definition == null || definition.loopMs() <= 0
            ? null
            : new LoopAction(
                intended + definition.loopMs() * 1000L, definition.pacingMs() * 1000L, intended);
    iteration();
  }

  /** Runs the steps of the current action from the first. */
  private void iteration() {
    step = 0;
    firstStartUs = 0;
    latencyUs = 0;
    queuedUs = 0;
    thinkFirstUs = 0;
    lastStatus = 0;
    next();
  }

  private CompiledStep[] steps() {
    return action == 0 ? run.scenario().connect() : run.scenario().steps(action);
  }

  private void next() {
    CompiledStep[] steps = steps();
    while (step < steps.length) {
      CompiledStep s = steps[step];
      int mine = ++seq;
      if (s.think() != null) {
        long ms = s.think().sampleMs(ThreadLocalRandom.current());
        if (ms > 0) {
          if (run.tracer() != null) {
            run.tracer().note(user, action, "think " + ms + " ms");
          }
          if (firstStartUs == 0) {
            thinkFirstUs += ms * 1000;
          }
          lane.schedule(ms, () -> tell(new Resume(mine)));
          return;
        }
        step++;
        continue;
      }
      if (s.ws() != null) {
        if (firstStartUs == 0) {
          firstStartUs = run.nowUs();
        }
        if (!websocket().step(s.ws(), mine)) {
          return;
        }
        step++;
        continue;
      }
      CompiledRequest r = s.request();
      hop = null;
      send(r, r.method(), r.url(this), r.body(this), r.bytes(this), mine);
      return;
    }
    finish(null);
  }

  private void send(
      CompiledRequest r, String method, String url, String body, byte[] bytes, int mine) {
    boolean trace = run.tracer() != null;
    sentUrl = url;
    String[] headers = r.headers(this, cookieFor(url));
    if (hop != null && !Redirects.sameOrigin(lane.absolute(hop.from()), lane.absolute(url))) {
      headers =
          Redirects.withoutCredentials(headers); // as browsers do on a redirect to another origin
    }
    if (identity == null) {
      identity = run.scenario().identity(this);
    }
    // only a later request's wait is kept (the first one's runs from the intended start): the
    // clock is read only then, not on every bulk action's single request
    askedUs = firstStartUs == 0 ? 0 : run.nowUs();
    lane.send(
        new HttpLane.HttpCall(method, url, headers, body, bytes, r.wantsBody(), trace, identity),
        result -> tell(new Done(mine, result)));
  }

  private WebSocketSteps websocket() {
    if (websocket == null) {
      websocket = new WebSocketSteps(this);
    }
    return websocket;
  }

  // what WebSocketSteps asks of its user

  HttpLane lane() {
    return lane;
  }

  String[] slots() {
    return slots;
  }

  boolean isCurrent(int seq) {
    return seq == this.seq;
  }

  /** Later timers and responses of this step are ignored. */
  void voidTimers() {
    seq++;
  }

  void addLatencyUs(long us) {
    latencyUs += us;
  }

  /**
   * The current step's WebSocket step, null when the user is not acting, the step is none, or
   * {@code seq} (unless -1) is no longer the current one.
   */
  CompiledWebSocket currentWebSocket(int seq) {
    if (action == IDLE || (seq != -1 && seq != this.seq)) {
      return null;
    }
    CompiledStep s = currentStep();
    return s == null ? null : s.ws();
  }

  /** The step the user is at, null past the last. */
  private CompiledStep currentStep() {
    CompiledStep[] steps = steps();
    return step < steps.length ? steps[step] : null;
  }

  /** The current step is done: on to the next. */
  void stepDone() {
    step++;
    next();
  }

  private void onResult(HttpResult result) {
    if (firstStartUs == 0) {
      firstStartUs = result.startUs(); // its wait counts from the intended start
    } else {
      queuedUs += waitedUs(result);
    }
    latencyUs += result.latencyUs();
    lastStatus = result.status();
    if (action > 0) {
      run.phases(action, result.timings()); // counts the request, and its phases if it has any
    }
    CompiledRequest r = steps()[step].request();
    Tracer tracer = run.tracer();
    if (result.error() != null) {
      if (tracer != null) {
        tracer.request(user, action, r.label(), result, List.of("FAIL " + result.error()));
      }
      finish(r.label() + ": " + result.error());
      return;
    }
    List<String> setCookies = result.headers("Set-Cookie");
    if (!setCookies.isEmpty()) {
      cookies = Cookies.update(cookies, setCookies, lane.absolute(sentUrl));
    }
    if (r.follows() && Redirects.isRedirect(result.status()) && result.header("Location") != null) {
      if (tracer != null) {
        tracer.request(
            user, action, r.label(), result, List.of("redirect to " + result.header("Location")));
      }
      redirect(r, result);
      return;
    }
    List<String> outcome = tracer == null ? null : new java.util.ArrayList<>();
    String failure = r.verify(result, result.latencyUs(), this, slots, outcome);
    if (tracer != null) {
      tracer.request(user, action, r.label(), result, outcome);
    }
    if (failure != null) {
      finish(failure);
      return;
    }
    stepDone();
  }

  /**
   * How long the request of {@code result} waited to be written (for a connection, or while one
   * opened); one that never was, until it failed.
   */
  private long waitedUs(HttpResult result) {
    long writtenUs = result.startUs() > 0 ? result.startUs() : run.nowUs();
    return Math.max(0, writtenUs - askedUs);
  }

  /** The Cookie header for a request to {@code url} (a path below the target, or absolute). */
  String cookieFor(String url) {
    return cookies == null ? null : Cookies.header(cookies, lane.absolute(url));
  }

  void note(String text) {
    if (run.tracer() != null) {
      run.tracer().note(user, Math.max(0, action), text);
    }
  }

  /**
   * Sends the step's request again to the response's Location, as a browser does: 301 and 302 turn
   * a POST into a GET, 303 turns anything but HEAD into a GET, 307 and 308 keep the method and
   * body. Each hop is a timed request; the checks apply to the last response.
   */
  private void redirect(CompiledRequest r, HttpResult result) {
    Hop h = hop;
    if (h == null) {
      String url = r.url(this);
      h = new Hop(0, r.method(), url, r.body(this), r.bytes(this), url);
    }
    String location = result.header("Location");
    if (h.count() == MAX_REDIRECTS) {
      finish(
          r.label()
              + ": more than "
              + MAX_REDIRECTS
              + " redirects (a redirect loop?), from "
              + h.from()
              + ", last to "
              + location);
      return;
    }
    String next = Redirects.resolve(lane.absolute(h.url()), location);
    if (next == null) {
      finish(r.label() + ": bad redirect Location " + location);
      return;
    }
    int status = result.status();
    boolean toGet =
        status == 303 ? !h.method().equals("HEAD") : status <= 302 && h.method().equals("POST");
    String method = toGet ? "GET" : h.method();
    hop =
        new Hop(
            h.count() + 1,
            method,
            next,
            toGet ? null : h.body(),
            toGet ? null : h.bytes(),
            h.from());
    send(r, method, next, hop.body(), hop.bytes(), seq);
  }

  private String label() {
    CompiledStep s = currentStep();
    if (s != null && s.request() != null) {
      return s.request().label();
    }
    if (s != null && s.ws() != null) {
      return s.ws().label();
    }
    return "think time";
  }

  void finish(String error) {
    int k = action;
    if (websocket != null) {
      websocket.stopExpecting();
    }
    seq++; // a late response or wake-up of this action is ignored
    if (k == 0) {
      action = IDLE;
      connected = error == null;
      run.connectDone(connected, error);
      return;
    }
    long start = firstStartUs == 0 ? run.nowUs() : firstStartUs;
    if (loop != null) {
      iterationDone(k, error, start);
      return;
    }
    action = IDLE;
    run.report(
        new UserResult(
            user,
            k,
            intendedUs + thinkFirstUs,
            start,
            latencyUs,
            lastStatus,
            error,
            0,
            0,
            queuedUs));
  }

  /** Counts an iteration of a loop action, then starts the next or reports the loop. */
  private void iterationDone(int k, String error, long start) {
    if (error == null) {
      run.sample(
          k,
          latencyUs,
          UserResult.correctedLatencyUs(intendedUs + thinkFirstUs, start, latencyUs, queuedUs));
    }
    loop.counted(error, start, thinkFirstUs, latencyUs, queuedUs, lastStatus);
    long nowUs = run.nowUs();
    long nextUs = loop.nextUs(intendedUs, nowUs);
    if (nextUs < 0) {
      reportLoop(k);
      return;
    }
    intendedUs = nextUs;
    loop.waiting(true);
    Again again = new Again(seq);
    long waitMs = (intendedUs - nowUs) / 1000;
    if (waitMs > 0) {
      lane.schedule(waitMs, () -> tell(again));
    } else {
      tell(again); // through the mailbox: other users of this loop get their turn
    }
  }

  private void reportLoop(int k) {
    LoopAction l = loop;
    loop = null;
    action = IDLE;
    seq++;
    run.report(l.result(user, k, run.nowUs()));
  }

  @Override
  protected void onFailure(Msg msg, RuntimeException failure) {
    super.onFailure(msg, failure);
    run.actorFailed(user, msg, failure);
    if (msg instanceof Act a && action != a.action()) {
      run.report(
          UserResult.once(
              user, a.action(), a.intendedUs(), run.nowUs(), 0, 0, "user failed: " + failure));
    } else if (action != IDLE) {
      finish("user failed: " + failure);
    }
  }

  @Override
  public long user() {
    return user;
  }

  @Override
  public int action() {
    return Math.max(0, action);
  }

  @Override
  public String value(int slot) {
    return slots == null ? null : slots[slot];
  }

  @Override
  public String feed(int feeder, int column) {
    return run.scenario().feed(user, feeder, column);
  }
}
