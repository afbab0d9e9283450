package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.demo.DemoServer;
import io.vox.messaging.Message;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Think;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The corrected latency of an action counts the user's every wait for a connection, before its
 * later requests and redirect hops too, and no think time between them; the plain latency counts
 * none. Users run on the test's thread over a lane that writes a request only when the test says
 * so, on a clock the test moves.
 */
class ConnectionWaitTest {
  private static final long T0 = 1_700_000_000_000_000L;
  private static final long MS = 1000;

  private final ManualClock clock = new ManualClock();
  private final HeldLane lane = new HeldLane();
  private final List<UserResult> rows = new ArrayList<>();
  private final List<long[]> samples = new ArrayList<>();

  @Test
  void theWaitForAConnectionBeforeALaterStepCountsInTheCorrectedLatencyOnly() {
    act(action(0, get("/a"), get("/b")));
    lane.write(0, 10 * MS); // step 1 gets a connection at once
    clock.advance(500 * MS); // step 2 waits for one
    lane.write(0, 20 * MS);
    UserResult r = rows.get(0);
    assertTrue(r.ok(), r.toString());
    assertEquals(30 * MS, r.latencyUs(), "the requests' own latencies");
    assertEquals(530 * MS, r.correctedLatencyUs(), "and the wait before step 2");
    assertEquals(500 * MS, r.queuedUs(), "which the row keeps");
  }

  @Test
  void theWaitBeforeARedirectHopCountsToo() {
    act(action(0, get("/a")));
    lane.write(302, 10 * MS);
    clock.advance(300 * MS);
    lane.write(0, 20 * MS);
    UserResult r = rows.get(0);
    assertEquals(30 * MS, r.latencyUs());
    assertEquals(330 * MS, r.correctedLatencyUs());
  }

  @Test
  void aThinkTimeBetweenStepsIsNotAWait() {
    act(
        action(
            0, get("/a"), new Step(null, new Think(250, null, null, null), null, null), get("/b")));
    lane.write(0, 10 * MS);
    clock.advance(250 * MS);
    lane.wake(); // the think time ends: step 2 asks for a connection now
    lane.write(0, 20 * MS);
    UserResult r = rows.get(0);
    assertEquals(30 * MS, r.latencyUs());
    assertEquals(30 * MS, r.correctedLatencyUs());
  }

  @Test
  void aThinkTimeBeforeTheFirstRequestIsNeitherDispatchDelayNorWait() {
    act(action(0, new Step(null, new Think(2000, null, null, null), null, null), get("/a")));
    clock.advance(2000 * MS);
    lane.wake(); // the think time ends on time: the request asks for a connection now
    lane.write(0, 10 * MS);
    UserResult r = rows.get(0);
    assertEquals(r.startUs(), r.intendedUs(), "its intended start moved by the think time");
    assertEquals(10 * MS, r.correctedLatencyUs());
  }

  @Test
  void eachLoopIterationsCorrectedLatencyCountsItsWaits() {
    act(action(1, get("/a"), get("/b"))); // 1 ms: a single iteration
    lane.write(0, 10 * MS);
    clock.advance(500 * MS);
    lane.write(0, 20 * MS);
    assertEquals(1, samples.size(), "one successful iteration");
    assertEquals(30 * MS, samples.get(0)[0], "its latency");
    assertEquals(530 * MS, samples.get(0)[1], "its corrected latency");
    UserResult row = rows.get(0);
    assertEquals(1, row.loopIterations());
    assertEquals(30 * MS, row.latencyUs());
    assertEquals(500 * MS, row.queuedUs(), "per iteration");
  }

  @Test
  void onARealPoolAUserQueuedForTheOneConnectionBeforeItsSecondStepCountsThatWait()
      throws Exception {
    // two users, one connection, each response 200 ms late: each user's second request waits
    // about 200 ms for the other's request to end
    try (DemoServer sut = DemoServer.start("127.0.0.1", 0, 200, 0);
        TestNode node = new TestNode(1, 1)) {
      Scenario s =
          new Scenario(
              List.of(),
              List.of(action(0, get("/api/ping"), get("/api/ping"))),
              List.of(),
              0,
              1,
              HttpOptions.DEFAULT,
              List.of());
      int v = Message.SCHEMA_VERSION;
      String target = "http://127.0.0.1:" + sut.port();
      node.engine.handle(
          new StartRun(
              v, 1, target, 5000, s, List.of(new NodeSlice("n1", 0, 2)), java.util.Map.of()));
      assertTrue(node.events.poll(20, TimeUnit.SECONDS) instanceof NodeReady);
      node.engine.handle(new RunAction(v, 1, 1, 0));
      for (UserResult r : node.results(2)) {
        assertTrue(r.ok(), r.toString());
        long beforeStep1 = r.startUs() - r.intendedUs();
        long beyond = r.correctedLatencyUs() - r.latencyUs() - beforeStep1;
        assertTrue(beyond >= 150 * MS, "the wait before step 2 is counted: " + r);
      }
    }
  }

  private static Step get(String url) {
    return RealServersTest.step("GET", url, null, true);
  }

  private static Action action(int loopMs, Step... steps) {
    return new Action("a", 1, List.of(steps), "auto", 0, 0, 0, 0, 0, loopMs, 0, 0, null, null);
  }

  /** Starts a run of one user with {@code action} on the held lane and tells it to act. */
  private void act(Action action) {
    LaneFactory lanes =
        (target, timeout, connections, http) ->
            new LaneFactory.Lanes() {
              @Override
              public List<HttpLane> lanes() {
                return List.of(lane);
              }

              @Override
              public void close() {}
            };
    ReportSink sink =
        new ReportSink() {
          @Override
          public void report(long runId, UserResult result) {
            rows.add(result);
          }

          @Override
          public void sample(long runId, int k, long latencyUs, long correctedUs) {
            samples.add(new long[] {latencyUs, correctedUs});
          }
        };
    NodeEngine engine =
        new NodeEngine("n1", lanes, sink, e -> {}, Runnable::run, (ms, t) -> {}, clock, 32);
    Scenario s =
        new Scenario(List.of(), List.of(action), List.of(), 0, 1, HttpOptions.DEFAULT, List.of());
    int v = Message.SCHEMA_VERSION;
    engine.handle(
        new StartRun(
            v,
            1,
            "http://sut.test",
            5000,
            s,
            List.of(new NodeSlice("n1", 0, 1)),
            java.util.Map.of()));
    engine.handle(new RunAction(v, 1, 1, 0));
  }

  /** Epoch time that moves only when the test moves it. */
  private static final class ManualClock extends Clock {
    private long us = T0;

    void advance(long byUs) {
      us += byUs;
    }

    long nowUs() {
      return us;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(us / 1_000_000, us % 1_000_000 * 1000);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * A lane on the test's thread that holds each request until {@link #write}: as a pooled lane
   * holds one while its user waits for a connection.
   */
  private final class HeldLane implements HttpLane {
    private final ArrayDeque<HttpCallback> held = new ArrayDeque<>();
    private final ArrayDeque<Runnable> timers = new ArrayDeque<>();

    @Override
    public Executor executor() {
      return Runnable::run;
    }

    @Override
    public void send(HttpCall call, HttpCallback callback) {
      held.add(callback);
    }

    /**
     * Writes the oldest held request now, and answers it {@code latencyUs} later: with {@code
     * status}, 0 for 200, 302 for a redirect to /next.
     */
    void write(int status, long latencyUs) {
      long startUs = clock.nowUs();
      clock.advance(latencyUs);
      Headers headers = status == 302 ? new Location("/next") : null;
      held.poll()
          .done(
              new HttpResult(status == 0 ? 200 : status, "ok", headers, startUs, latencyUs, null));
    }

    /** Runs the oldest scheduled task (a think time's end). */
    void wake() {
      timers.poll().run();
    }

    @Override
    public String absolute(String url) {
      return url.startsWith("/") ? "http://sut.test" + url : url;
    }

    @Override
    public void openWebSocket(String path, String[] headers, WebSocketListener listener) {
      listener.closed(null, "no WebSockets here");
    }

    @Override
    public void schedule(long delayMs, Runnable task) {
      timers.add(task);
    }
  }

  /** The headers of a redirect. */
  private record Location(String to) implements HttpLane.Headers {
    @Override
    public String get(String name) {
      return name.equalsIgnoreCase("Location") ? to : null;
    }

    @Override
    public List<String> getAll(String name) {
      String v = get(name);
      return v == null ? List.of() : List.of(v);
    }

    @Override
    public List<String> lines() {
      return List.of("Location: " + to);
    }
  }
}
