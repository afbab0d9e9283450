package io.vox.node.user;

import io.vox.messaging.UserResult;
import io.vox.node.scenario.CompiledLogic;
import io.vox.node.scenario.CompiledRequest;
import io.vox.node.scenario.CompiledScenario.CompiledStep;
import io.vox.node.user.HttpLane.HttpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One action of one user, step by step: each request sent (and its redirects followed), each think
 * time waited out on the lane's timer, each WebSocket step handed to the user's {@link
 * WebSocketSteps}, and the sums its result reports (latencies, waits for a connection, the last
 * status). A loop action runs the same steps again from the first for each iteration. Lives from
 * the user's {@code Act} to its result, on the user's lane: an idle user holds none.
 */
final class ActionSteps {
  static final int MAX_REDIRECTS = 10;

  private final UserActor user;
  private final RunUsers run;
  private final HttpLane lane;
  private final int action; // 0: the connect steps
  private final CompiledStep[] steps;
  private long intendedUs;
  private int step;
  private int lastStatus;
  private long firstStartUs;
  private long latencyUs;
  private long queuedUs; // waits before the requests after the first (see UserResult)
  // think times before the iteration's first request: its intended start moves by them, so they
  // count neither as dispatch delay nor in the corrected latency
  private long thinkFirstUs;
  private long askedUs; // when the request in flight was handed to the lane
  private long stepLatencyUs; // the current request step's, its redirect hops summed
  private long stepQueuedUs; // its waits before being written (for the first, since intended)
  private HttpLane.Timings stepTimings; // its phases and bytes, its redirect hops summed
  private Hop hop;
  private String sentUrl;
  private HttpLane.HttpCall waiting; // a request waiting for its turn under the action's maxRps
  private final RateCap cap;

  /** The request of the current step being sent again to a redirect's Location. */
  private record Hop(
      int count, String method, String url, String body, byte[] bytes, String from) {}

  ActionSteps(UserActor user, RunUsers run, HttpLane lane, int action, long intendedUs) {
    this.user = user;
    this.run = run;
    this.lane = lane;
    this.action = action;
    this.intendedUs = intendedUs;
    this.steps = action == 0 ? user.scenario().connect() : user.scenario().steps(action);
    this.cap = run.cap(action);
  }

  int action() {
    return action;
  }

  /** Runs the steps from the first (an action, or the next iteration of a loop). */
  void start(long intended) {
    intendedUs = intended;
    step = 0;
    firstStartUs = 0;
    latencyUs = 0;
    queuedUs = 0;
    thinkFirstUs = 0;
    lastStatus = 0;
    waiting = null;
    next();
  }

  /** The current step is done: on to the next. */
  void stepDone() {
    step++;
    next();
  }

  private void next() {
    int decided = 0; // decisions in a row: a program that never waits would hold the event loop
    while (step < steps.length) {
      CompiledStep s = steps[step];
      if (s.logic() != null) {
        if (++decided > MAX_DECISIONS) {
          user.finish(
              "logic: "
                  + MAX_DECISIONS
                  + " decisions in a row without a request or a pause (an endless loop?)");
          return;
        }
        Tracer tracer = run.tracer();
        List<String> trace = tracer == null ? null : new ArrayList<>(1);
        try {
          step = s.logic().run(step, steps.length, user, user.slots(), user.logicState(), trace);
        } catch (CompiledLogic.Failed f) {
          user.finish(f.getMessage());
          return;
        }
        if (trace != null && !trace.isEmpty()) {
          user.note(trace.get(0));
        }
        continue;
      }
      int mine = user.nextSeq();
      if (s.think() != null) {
        long ms = s.think().sampleMs(ThreadLocalRandom.current());
        if (ms > 0) {
          if (run.tracer() != null) {
            user.note("think " + ms + " ms");
          }
          if (firstStartUs == 0) {
            thinkFirstUs += ms * 1000;
          }
          lane.schedule(ms, () -> user.tell(new UserActor.Resume(mine)));
          return;
        }
        step++;
        continue;
      }
      if (s.ws() != null) {
        if (firstStartUs == 0) {
          firstStartUs = run.nowUs();
        }
        if (!user.websocket().step(s.ws(), mine)) {
          return;
        }
        step++;
        continue;
      }
      CompiledRequest r = s.request();
      hop = null;
      stepLatencyUs = 0;
      stepQueuedUs = 0;
      stepTimings = null;
      send(r, r.method(), r.url(user), r.body(user), r.bytes(user), mine);
      return;
    }
    user.finish(null);
  }

  private void send(
      CompiledRequest r, String method, String url, String body, byte[] bytes, int mine) {
    boolean trace = run.tracer() != null;
    sentUrl = url;
    String[] headers = r.headers(user, user.cookieFor(url));
    if (hop != null && !Redirects.sameOrigin(lane.absolute(hop.from()), lane.absolute(url))) {
      headers =
          Redirects.withoutCredentials(headers); // as browsers do on a redirect to another origin
    }
    // only a later request's wait is kept (the first one's runs from the intended start): the
    // clock is read only then, not on every bulk action's single request
    askedUs = firstStartUs == 0 ? 0 : run.nowUs();
    HttpLane.HttpCall call =
        new HttpLane.HttpCall(
            method, url, headers, body, bytes, r.wantsBody(), trace, user.identity());
    long waitNs = cap == null ? 0 : cap.reserve(System.nanoTime(), user.loopLeftNs());
    if (waitNs < 0) {
      user.loopOver(); // its turn would come after the loop's end: the loop ends now
      return;
    }
    if (waitNs > 0) {
      // its turn comes on the lane's timer wheel (1 ms ticks): the permit, not the tick, sets
      // the rate; the wait counts as queueing, in the corrected latency
      waiting = call;
      lane.schedule((waitNs + 999_999) / 1_000_000, () -> user.tell(new UserActor.Turn(mine)));
      return;
    }
    lane.send(call, result -> user.tell(new UserActor.Done(mine, result)));
  }

  /** The request that waited for its turn under the cap is sent now. */
  void turn(int mine) {
    HttpLane.HttpCall call = waiting;
    waiting = null;
    if (call != null) {
      lane.send(call, result -> user.tell(new UserActor.Done(mine, result)));
    }
  }

  /** The response to the current step's request (or to one of its redirects). */
  void onResult(HttpResult result) {
    if (firstStartUs == 0) {
      firstStartUs = result.startUs(); // its wait counts from the intended start
      stepQueuedUs += Math.max(0, result.startUs() - intendedStartUs());
    } else {
      long waited = waitedUs(result);
      queuedUs += waited;
      stepQueuedUs += waited;
    }
    latencyUs += result.latencyUs();
    stepLatencyUs += result.latencyUs();
    stepTimings = plus(stepTimings, result.timings());
    lastStatus = result.status();
    if (action > 0) {
      run.phases(action, result.timings()); // counts the request, and its phases if it has any
    }
    CompiledRequest r = steps[step].request();
    Tracer tracer = run.tracer();
    if (result.error() != null) {
      if (tracer != null) {
        tracer.request(user.user(), action, r.label(), result, List.of("FAIL " + result.error()));
      }
      stepEnded(false);
      user.finish(r.label() + ": " + result.error());
      return;
    }
    user.keepCookies(result.headers("Set-Cookie"), sentUrl);
    if (r.follows() && Redirects.isRedirect(result.status()) && result.header("Location") != null) {
      if (tracer != null) {
        tracer.request(
            user.user(),
            action,
            r.label(),
            result,
            List.of("redirect to " + result.header("Location")));
      }
      redirect(r, result);
      return;
    }
    List<String> outcome = tracer == null ? null : new ArrayList<>();
    String failure = r.verify(result, result.latencyUs(), user, user.slots(), outcome);
    if (tracer != null) {
      tracer.request(user.user(), action, r.label(), result, outcome);
    }
    stepEnded(failure == null);
    if (failure != null) {
      user.finish(failure);
      return;
    }
    stepDone();
  }

  /**
   * The action ends before the current step's request answered (its deadline, a failure of the
   * user): that request counts as failed in the step's figures, as the row does.
   */
  void abandonStep() {
    CompiledStep s = current();
    if (s != null && s.request() != null) {
      stepEnded(false);
    }
  }

  /** The current request step ended: its figures go to the step's histograms (not connect's). */
  private void stepEnded(boolean ok) {
    if (action > 0) {
      run.request(
          action, user.group(), step, stepLatencyUs, stepLatencyUs + stepQueuedUs, ok, stepTimings);
    }
  }

  /** The sum of two hops' timings (a redirect chain); most steps have one hop, kept as it is. */
  private static HttpLane.Timings plus(HttpLane.Timings a, HttpLane.Timings b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return new HttpLane.Timings(
        a.dnsUs() + b.dnsUs(),
        a.connectUs() + b.connectUs(),
        a.tlsUs() + b.tlsUs(),
        a.waitUs() + b.waitUs(),
        a.downloadUs() + b.downloadUs(),
        a.bodyBytes() + b.bodyBytes());
  }

  /**
   * How long the request of {@code result} waited to be written (for a connection, or while one
   * opened); one that never was, until it failed.
   */
  private long waitedUs(HttpResult result) {
    long writtenUs = result.startUs() > 0 ? result.startUs() : run.nowUs();
    return Math.max(0, writtenUs - askedUs);
  }

  /**
   * Sends the step's request again to the response's Location, as a browser does: 301 and 302 turn
   * a POST into a GET, 303 turns anything but HEAD into a GET, 307 and 308 keep the method and
   * body. Each hop is a timed request; the checks apply to the last response.
   */
  private void redirect(CompiledRequest r, HttpResult result) {
    Hop h = hop;
    if (h == null) {
      String url = r.url(user);
      h = new Hop(0, r.method(), url, r.body(user), r.bytes(user), url);
    }
    String location = result.header("Location");
    if (h.count() == MAX_REDIRECTS) {
      stepEnded(false);
      user.finish(
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
      stepEnded(false);
      user.finish(r.label() + ": bad redirect Location " + location);
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
    send(r, method, next, hop.body(), hop.bytes(), user.seq());
  }

  /** The step the user is at, null past the last. */
  CompiledStep current() {
    return step < steps.length ? steps[step] : null;
  }

  /** Decisions a program may make in a row before it is taken for an endless loop. */
  static final int MAX_DECISIONS = 100_000;

  String label() {
    CompiledStep s = current();
    if (s != null && s.request() != null) {
      return s.request().label();
    }
    if (s != null && s.ws() != null) {
      return s.ws().label();
    }
    return "think time";
  }

  void addLatencyUs(long us) {
    latencyUs += us;
  }

  /** Whether the action (or iteration) sent a request or a WebSocket step yet. */
  boolean sentAny() {
    return firstStartUs != 0;
  }

  /** When the action (or iteration) started: its first request's start, or now if none did. */
  long startUs() {
    return firstStartUs == 0 ? run.nowUs() : firstStartUs;
  }

  /** The start the action was meant to have, think times before its first request included. */
  long intendedStartUs() {
    return intendedUs + thinkFirstUs;
  }

  long intendedUs() {
    return intendedUs;
  }

  void intendedUs(long us) {
    intendedUs = us;
  }

  /** The action's one result row. */
  UserResult result(String error, long startUs) {
    return new UserResult(
        user.user(),
        action,
        intendedStartUs(),
        startUs,
        sentAny() ? Math.max(1, latencyUs) : latencyUs, // 0 only when nothing was sent
        lastStatus,
        error,
        0,
        0,
        queuedUs);
  }

  /** Counts this iteration of a loop action in {@code loop} and the run's histograms. */
  void countIteration(LoopAction loop, String error, long startUs) {
    if (error == null) {
      run.sample(
          action,
          latencyUs,
          UserResult.correctedLatencyUs(intendedStartUs(), startUs, latencyUs, queuedUs));
    }
    loop.counted(error, startUs, thinkFirstUs, latencyUs, queuedUs, lastStatus);
  }
}
