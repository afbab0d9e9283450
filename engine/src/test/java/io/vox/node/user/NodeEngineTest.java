package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.demo.DemoServer;
import io.vox.messaging.LatencyHistogram;
import io.vox.messaging.NodeEvent;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.Think;
import io.vox.node.http.NettyLanes;
import io.vox.node.http.WheelTimer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node core over real Netty lanes against the demo API on loopback; no container. */
class NodeEngineTest {
  private static final Step LOGIN =
      request(
          "POST",
          "/api/login",
          Map.of(),
          "{\"user\":\"u${user}\"}",
          List.of(),
          List.of(new Extract("token", "$.token", null, null)));
  private static final Step BAD_LOGIN =
      request(
          "POST",
          "/api/login",
          Map.of(),
          "{}",
          List.of(),
          List.of(new Extract("token", "$.token", null, null)));
  private static final Step POST =
      request(
          "POST",
          "/api/messages",
          Map.of("Authorization", "Bearer ${token}"),
          "{\"text\":\"hi ${action}\"}",
          List.of(new Check(201, null, null, null, null)),
          List.of());

  static Step request(
      String method,
      String url,
      Map<String, String> headers,
      String body,
      List<Check> checks,
      List<Extract> extract) {
    return new Step(
        new Request(null, method, url, headers, body, checks, extract, null, null, null, null),
        null,
        null,
        null);
  }

  static Action action(String name, int repeat, Step... steps) {
    return new Action(name, repeat, List.of(steps), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null);
  }

  static Scenario scenario(Step connect, Action... actions) {
    return new Scenario(
        connect == null ? List.of() : List.of(connect),
        List.of(actions),
        List.of(),
        0,
        0,
        HttpOptions.DEFAULT,
        List.of());
  }

  private DemoServer sut;
  private NettyLanes lanes;
  private NodeEngine engine;
  private WheelTimer timer;
  private TestNode node;
  private BlockingQueue<NodeEvent> events;
  private ConcurrentLinkedQueue<ReportBatch> batches;
  private ReportBatcher batcher;

  @BeforeEach
  void start() throws Exception {
    sut = DemoServer.start("127.0.0.1", 0, 0, 0);
    node = new TestNode(2, 16);
    lanes = node.lanes;
    batcher = node.batcher;
    timer = node.timer;
    engine = node.engine;
    events = node.events;
    batches = node.batches;
  }

  @AfterEach
  void stop() {
    node.close();
    sut.close();
  }

  private StartRun startRun(long runId, Step connect, int users) {
    return startRun(runId, scenario(connect, action("post", 2, POST)), users);
  }

  private StartRun startRun(long runId, Scenario scenario, int users) {
    return new StartRun(
        V,
        runId,
        "http://127.0.0.1:" + sut.port(),
        5000,
        scenario,
        List.of(new NodeSlice("n0", 0, 10), new NodeSlice("n1", 10, users)),
        java.util.Map.of());
  }

  private static final int V = io.vox.messaging.Message.SCHEMA_VERSION;

  private List<UserResult> awaitResults(int count) throws InterruptedException {
    return node.results(count);
  }

  @Test
  void usersLogInThenPerformEachActionOnceWithTheirToken() throws Exception {
    engine.handle(startRun(1, LOGIN, 500));
    NodeEvent ready = events.poll(20, TimeUnit.SECONDS);
    assertEquals(new NodeReady(V, 1, "n1", 500, 0, ""), ready);
    assertEquals(500, sut.stats().logins());

    engine.handle(new RunAction(V, 1, 1, 0));
    engine.handle(new RunAction(V, 1, 1, 0)); // a repeat is ignored
    List<UserResult> results = awaitResults(500);
    assertEquals(500, results.size());
    assertTrue(results.stream().allMatch(r -> r.ok() && r.status() == 201), results.toString());
    Set<Long> users = results.stream().map(UserResult::user).collect(Collectors.toSet());
    assertEquals(500, users.size());
    assertEquals(10L, users.stream().mapToLong(Long::longValue).min().orElseThrow());
    assertEquals(500, sut.stats().messages());
    assertEquals(0, sut.stats().unauthorized());
    assertTrue(results.stream().allMatch(r -> r.latencyUs() > 0 && r.startUs() > 0));

    org.HdrHistogram.Histogram merged = new org.HdrHistogram.Histogram(3);
    for (ReportBatch b : batches) {
      assertEquals(1, b.histograms().size(), "one action per batch here");
      merged.add(
          org.HdrHistogram.Histogram.decodeFromCompressedByteBuffer(
              java.nio.ByteBuffer.wrap(
                  java.util.Base64.getDecoder().decode(b.histograms().get(0).hdr())),
              0));
    }
    assertEquals(500, merged.getTotalCount(), "the histograms hold exactly the batches' results");
    long maxRow = results.stream().mapToLong(UserResult::latencyUs).max().orElseThrow();
    assertTrue(merged.valuesAreEquivalent(maxRow, merged.getMaxValue()), "same max, 3 digits");
  }

  /**
   * The master's clock is 5 s ahead of this node's, and its command took 300 ms to arrive: once an
   * echoed heartbeat gave the node its offset, its users' intended start is the master's stamp on
   * the node's clock, so the 300 ms count in their skew, and the batch says what was measured.
   */
  @Test
  void aStampedCommandStartsTheUsersAtTheMastersInstantOnThisNodesClock() throws Exception {
    engine.handle(startRun(30, LOGIN, 20));
    events.poll(20, TimeUnit.SECONDS);
    long nodeNow = System.currentTimeMillis();
    long t2 = nodeNow + 5_000 - 2; // echoed 2 ms ago, the master's clock 5 s ahead
    long t1 = t2 - 100; // the heartbeat waited 100 ms on the master
    long t0 = t1 - 5_000 - 3; // and took 3 ms to get there
    engine.handle(
        new io.vox.messaging.ClockEchoes(
            V,
            t2,
            List.of(
                new io.vox.messaging.ClockEcho("n0", 1, 2), // another node's
                new io.vox.messaging.ClockEcho("n1", t0, t1))));
    ClockOffset.Estimate estimate = engine.clockOffset().estimate(System.currentTimeMillis());
    // the bounds allow for this thread being held up between the stamps and the handling
    assertTrue(Math.abs(estimate.offsetMs() - 5_000) <= estimate.errorMs() + 3, "" + estimate);
    assertTrue(estimate.usable(), "" + estimate);

    long commanded = System.currentTimeMillis() + 5_000 - 300; // on the master's clock
    engine.handle(new RunAction(V, 30, 1, commanded));
    List<UserResult> results = awaitResults(20);
    for (UserResult r : results) {
      long skewMs = (r.startUs() - r.intendedUs()) / 1000;
      assertTrue(skewMs >= 290, "the delivery counts in the skew: " + skewMs + " ms");
    }
    LatencyHistogram h =
        batches.stream().flatMap(b -> b.histograms().stream()).findFirst().orElseThrow();
    assertTrue(h.deliveryUs() >= 290_000 && h.deliveryUs() < 2_000_000, "" + h.deliveryUs());
    assertEquals(estimate.errorMs() * 1000, h.clockErrorUs());
  }

  @Test
  void aBatchOfOnlyFailuresCarriesNoHistogram() throws Exception {
    engine.handle(startRun(5, BAD_LOGIN, 5));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 5, 1, 0));
    awaitResults(5);
    assertTrue(batches.stream().allMatch(b -> b.histograms().isEmpty()));
  }

  @Test
  void aUserWhoseConnectFailedReportsEveryActionAsAnError() throws Exception {
    engine.handle(startRun(2, BAD_LOGIN, 20));
    assertEquals(new NodeReady(V, 2, "n1", 0, 20, ""), events.poll(20, TimeUnit.SECONDS));
    engine.handle(new RunAction(V, 2, 1, 0));
    List<UserResult> results = awaitResults(20);
    assertTrue(results.stream().allMatch(r -> "not connected".equals(r.error())));
    assertEquals(0, sut.stats().messages());
  }

  @Test
  void aRunTheMasterNoLongerListsIsDroppedButNotANewerOne() throws Exception {
    engine.handle(startRun(3, LOGIN, 20));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(startRun(5, LOGIN, 30));
    events.poll(20, TimeUnit.SECONDS);
    assertEquals(50, engine.users());
    engine.handle(new io.vox.messaging.ActiveRuns(V, 4, List.of(4L)));
    // run 3 ended on the master (its StopRun missed); run 5 is newer than what the master listed
    assertEquals(30, engine.users());
    engine.handle(new io.vox.messaging.ActiveRuns(V, 5, List.of(5L)));
    assertEquals(30, engine.users(), "a listed run is kept");
    engine.handle(new io.vox.messaging.ActiveRuns(V, 6, List.of()));
    assertEquals(0, engine.users());
  }

  @Test
  void aRunForOtherNodesOnlyIsIgnored() throws Exception {
    engine.handle(
        new StartRun(
            V,
            3,
            "http://127.0.0.1:" + sut.port(),
            5000,
            scenario(LOGIN, action("post", 1, POST)),
            List.of(new NodeSlice("n0", 0, 10)),
            java.util.Map.of()));
    assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS));
    assertEquals(0, engine.users());
  }

  @Test
  void anUnreachableTargetFailsConnectsWithTheReason() throws Exception {
    int deadPort;
    try (var s = new java.net.ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    engine.handle(
        new StartRun(
            V,
            4,
            "http://127.0.0.1:" + deadPort,
            2000,
            scenario(LOGIN, action("post", 1, POST)),
            List.of(new NodeSlice("n1", 0, 30)),
            java.util.Map.of()));
    assertEquals(new NodeReady(V, 4, "n1", 0, 30, ""), events.poll(20, TimeUnit.SECONDS));
  }

  @ParameterizedTest(name = "http2={0}")
  @ValueSource(booleans = {false, true})
  void feederCredentialsCookiesExtractionChecksAndThinkTimes(boolean http2) throws Exception {
    Feeder creds =
        new Feeder(
            "creds",
            "unique",
            List.of("login", "password"),
            java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> List.of("name" + i, "pw-name" + i))
                .toList());
    Step login =
        request(
            "POST",
            "/api/login",
            Map.of(),
            "{\"user\":\"${creds.login}\",\"password\":\"${creds.password}\"}",
            List.of(new Check(200, null, null, null, null)),
            List.of(
                new Extract("token", "$.token", null, null),
                new Extract("who", null, "X-User", null),
                new Extract("sig", null, null, "\\.([0-9a-f]+)\"")));
    Step me =
        request(
            "GET",
            "/api/me",
            Map.of(),
            null,
            List.of(
                new Check(null, "$.user", "${who}", null, null),
                new Check(null, "$.user", "${creds.login}", null, null),
                new Check(null, null, null, "free", null),
                new Check(null, null, null, null, 5000)),
            List.of());
    Step think = new Step(null, new Think(null, 5, 20, null), null, null);
    Step item =
        request(
            "GET",
            "/api/items/${user}?sig=${sig}",
            Map.of("Authorization", "Bearer ${token}"),
            null,
            List.of(new Check(null, "$.name", "item-${user}", null, null)),
            List.of());
    Scenario s =
        new Scenario(
            List.of(login),
            List.of(action("browse", 1, me, think, item)),
            List.of(creds),
            0,
            0,
            http2 ? HttpOptions.DEFAULT.withVersion(HttpOptions.HTTP_2) : HttpOptions.DEFAULT,
            List.of());
    engine.handle(startRun(7, s, 30));
    assertEquals(new NodeReady(V, 7, "n1", 30, 0, ""), events.poll(20, TimeUnit.SECONDS));
    assertEquals(30, sut.stats().logins(), "each user logged in with its own row");
    assertEquals(0, sut.stats().badLogins());

    engine.handle(new RunAction(V, 7, 1, 0));
    List<UserResult> results = awaitResults(30);
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
    assertEquals(30, sut.stats().profiles(), "every user sent its session cookie");
    assertEquals(30, sut.stats().items());
    assertTrue(results.stream().allMatch(r -> r.status() == 200));
    assertEquals(http2 ? 90 : 0, sut.stats().http2Streams(), "30 logins, 30 profiles, 30 items");
  }

  /**
   * Turns on the demo API's HTTPS port with a certificate made in {@code dir}, and returns options
   * that trust it, speak HTTP/2 where offered, and open connections ahead or not.
   */
  private HttpOptions https(java.nio.file.Path dir, boolean preconnect) throws Exception {
    io.vox.demo.Certificates certs = io.vox.demo.Certificates.make(dir);
    sut.withTls(certs, 0, 0, 0);
    return new HttpOptions(
        HttpOptions.AUTO,
        new HttpOptions.Tls(
            java.nio.file.Files.readString(certs.ca()),
            false,
            List.of(),
            List.of(),
            null,
            null,
            null,
            null),
        Map.of(),
        HttpOptions.DEFAULT_MAX_BODY_BYTES,
        null,
        preconnect);
  }

  @Test
  void theDemoApiOverHttpsSpeaksHttp2ByAlpn(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    HttpOptions https = https(dir, false);
    // the login in the action, and no connection opened ahead of it, so its connections'
    // handshakes are timed with the action
    Scenario s =
        new Scenario(
            List.of(), List.of(action("post", 1, LOGIN, POST)), List.of(), 0, 4, https, List.of());
    engine.handle(
        new StartRun(
            V,
            9,
            "https://localhost:" + sut.tlsPort(),
            5000,
            s,
            List.of(new NodeSlice("n1", 0, 50)),
            java.util.Map.of()));
    assertEquals(new NodeReady(V, 9, "n1", 50, 0, ""), events.poll(20, TimeUnit.SECONDS));
    engine.handle(new RunAction(V, 9, 1, 0));
    List<UserResult> results = awaitResults(50);
    assertTrue(results.stream().allMatch(r -> r.ok() && r.status() == 201), results.toString());
    assertEquals(100, sut.stats().http2Streams(), "50 logins and 50 posts, each a stream");
    assertTrue(sut.stats().tlsConnections() <= 4, "on the run's 4 connections");
    // each request's phases: a handshake per connection the server saw, a wait per response
    long handshakes = sut.stats().tlsConnections();
    assertEquals(handshakes, phase(1, "tls").getTotalCount());
    assertEquals(handshakes, phase(1, "connect").getTotalCount());
    assertEquals(100, phase(1, "wait").getTotalCount());
    assertEquals(100, phase(1, "download").getTotalCount());
    assertTrue(handshakes > 0, "the action's connections were opened in it");
  }

  @Test
  void connectionsOpenedAheadAreReadyBeforeTheFirstActionAndNotTimedInIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    HttpOptions https = https(dir, true);
    Scenario s =
        new Scenario(
            List.of(), List.of(action("post", 1, LOGIN, POST)), List.of(), 0, 4, https, List.of());
    engine.handle(
        new StartRun(
            V,
            10,
            "https://localhost:" + sut.tlsPort(),
            5000,
            s,
            List.of(new NodeSlice("n1", 0, 50)),
            java.util.Map.of()));
    assertEquals(new NodeReady(V, 10, "n1", 50, 0, ""), events.poll(20, TimeUnit.SECONDS));
    // each of the 2 lanes learnt HTTP/2 by ALPN on its first connection: 25 users need no other
    assertEquals(2, sut.stats().tlsConnections(), "opened before the node said ready");
    engine.handle(new RunAction(V, 10, 1, 0));
    List<UserResult> results = awaitResults(50);
    assertTrue(results.stream().allMatch(r -> r.ok() && r.status() == 201), results.toString());
    assertEquals(2, sut.stats().tlsConnections(), "the action opened none");
    assertEquals(0, phase(1, "tls").getTotalCount());
    assertEquals(0, phase(1, "connect").getTotalCount());
    assertEquals(100, phase(1, "wait").getTotalCount());
  }

  @Test
  void overHttp11EachUserGetsAConnectionOpenedAheadUpToThePool() throws Exception {
    Scenario s =
        new Scenario(
            List.of(),
            List.of(action("login", 1, LOGIN)),
            List.of(),
            0,
            6,
            HttpOptions.DEFAULT.withVersion(HttpOptions.HTTP_1_1),
            List.of());
    engine.handle(startRun(11, s, 30));
    assertEquals(new NodeReady(V, 11, "n1", 30, 0, ""), events.poll(20, TimeUnit.SECONDS));
    engine.handle(new RunAction(V, 11, 1, 0));
    assertTrue(awaitResults(30).stream().allMatch(UserResult::ok));
    assertEquals(0, phase(1, "connect").getTotalCount(), "its 6 connections were open already");
    assertEquals(30, phase(1, "wait").getTotalCount());
  }

  /** Phase {@code name} of {@code action}, merged over every batch sent so far. */
  private org.HdrHistogram.Histogram phase(int action, String name) {
    org.HdrHistogram.Histogram merged = new org.HdrHistogram.Histogram(3);
    int p = io.vox.messaging.LatencyHistogram.PHASES.indexOf(name);
    for (ReportBatch b : batches) {
      for (io.vox.messaging.LatencyHistogram h : b.histograms()) {
        if (h.action() == action && h.phases()[p] != null) {
          io.vox.messaging.LatencyHistograms.addInto(merged, h.phases()[p]);
        }
      }
    }
    return merged;
  }

  @Test
  void aFailedCheckIsAnErrorWithItsReasonAndEndsTheAction() throws Exception {
    Step item =
        request(
            "GET",
            "/api/items/${user}",
            Map.of("Authorization", "Bearer ${token}"),
            null,
            List.of(new Check(null, "$.stock", "8", null, null)),
            List.of());
    Step never = request("GET", "/api/feed", Map.of(), null, List.of(), List.of());
    engine.handle(startRun(8, scenario(LOGIN, action("buy", 1, item, never)), 5));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 8, 1, 0));
    List<UserResult> results = awaitResults(5);
    assertTrue(
        results.stream()
            .allMatch(r -> "GET /api/items/${user}: $.stock is 7, expected 8".equals(r.error())),
        results.toString());
    assertEquals(0, sut.stats().feeds() + sut.stats().unauthorized(), "the action ended there");
  }

  @Test
  void aSecretParameterIsRenderedOnTheNodeAndHiddenInEveryErrorItReports() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String login =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + sut.port() + "/api/login"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"u1\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    String token = login.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    Step feed =
        request(
            "GET",
            "/api/feed",
            Map.of("Authorization", "Bearer ${param.token}"),
            null,
            List.of(new Check(null, null, null, "${param.token}:absent", null)),
            List.of());
    StartRun start = startRun(12, scenario(null, action("feed", 1, feed)), 3);
    engine.handle(
        new StartRun(
            V, 12, start.target(), 5000, start.scenario(), start.slices(), Map.of("token", token)));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 12, 1, 0));
    List<UserResult> results = awaitResults(3);
    assertEquals(3, sut.stats().feeds(), "the token reached the server: " + results);
    assertEquals(0, sut.stats().unauthorized());
    assertTrue(
        results.stream()
            .allMatch(
                r -> "GET /api/feed: body does not contain \"******:absent\"".equals(r.error())),
        "the check's reason names the secret, hidden: " + results);
  }

  @Test
  void userStagesBringInTheUsersOfTheFirstRanksAcrossTheRunAndNoOthers() throws Exception {
    Step ping = request("GET", "/api/ping", Map.of(), null, List.of(), List.of());
    Action staged =
        new Action(
            "browse",
            1,
            List.of(ping),
            "auto",
            0,
            0,
            0,
            0,
            0,
            600,
            100,
            0,
            null,
            List.of(new Action.UserStage(200, 10), new Action.UserStage(400, 10)));
    // this node has users 10 to 19 of 20; the stages bring in 10 of the 20, by rank
    engine.handle(startRun(13, scenario(null, staged), 10));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 13, 1, 0));
    List<UserResult> results = awaitResults(10);
    io.vox.messaging.scenario.UserSplit split = io.vox.messaging.scenario.UserSplit.of(20);
    for (UserResult r : results) {
      boolean joins = split.rankAmong(r.user(), new boolean[] {true}) < 10;
      assertEquals(joins, r.loopIterations() > 0, "user " + r.user() + ": " + results);
      assertEquals(null, r.error(), r.toString());
    }
    assertTrue(
        results.stream().anyMatch(r -> r.loopIterations() == 0)
            && results.stream().anyMatch(r -> r.loopIterations() > 0),
        "the ranks mix the nodes' users: some of this node's join, some do not: " + results);
  }

  @Test
  void eachRequestStepSumsItsOwnBytesAndPhases() throws Exception {
    Step feed =
        request(
            "GET",
            "/api/feed",
            Map.of("Authorization", "Bearer ${token}"),
            null,
            List.of(),
            List.of());
    Step ping = request("GET", "/api/ping", Map.of(), null, List.of(), List.of());
    engine.handle(startRun(14, scenario(LOGIN, action("two", 1, feed, ping)), 6));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 14, 1, 0));
    awaitResults(6);
    batcher.flush();
    long[][] sums = new long[2][3]; // per step: bytes, wait µs, answered
    for (ReportBatch b : batches) {
      for (io.vox.messaging.RequestHistogram h : b.requests()) {
        sums[h.step()][0] += h.bytes();
        sums[h.step()][1] += h.waitUs();
        sums[h.step()][2] += h.answered();
      }
    }
    assertEquals(6, sums[0][2], "every feed answered");
    assertEquals(6, sums[1][2], "every ping answered");
    assertTrue(sums[0][1] > 0 && sums[1][1] > 0, "a time to first byte each");
    assertTrue(
        sums[1][0] / 6 < sums[0][0] / 6,
        "a ping's body is its own, not the feed's added: "
            + sums[1][0] / 6
            + " vs "
            + sums[0][0] / 6);
  }

  @Test
  void aMissingStatusCheckFailsOnAnErrorStatus() throws Exception {
    Step noToken = request("GET", "/api/feed", Map.of(), null, List.of(), List.of());
    engine.handle(startRun(9, scenario(null, action("feed", 1, noToken)), 3));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 9, 1, 0));
    List<UserResult> results = awaitResults(3);
    assertTrue(
        results.stream().allMatch(r -> "GET /api/feed: HTTP 401".equals(r.error())),
        results.toString());
  }

  @Test
  void aUserStillBusyAtTheActionsMaxDurationFailsIt() throws Exception {
    Action slow =
        new Action(
            "slow",
            1,
            List.of(new Step(null, new Think(5000, null, null, null), null, null), POST),
            "auto",
            0,
            0,
            200,
            0,
            0,
            0,
            0,
            0,
            null,
            null);
    engine.handle(startRun(10, scenario(LOGIN, slow), 4));
    events.poll(20, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    engine.handle(new RunAction(V, 10, 1, 0));
    List<UserResult> results = awaitResults(4);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "did not wait the 5 s");
    assertTrue(
        results.stream()
            .allMatch(
                r -> "think time: still running after maxDurationMs 200 ms".equals(r.error())),
        results.toString());
    assertEquals(0, sut.stats().messages());
  }

  @Test
  void anOpenModelStartsUsersAtTheArrivalRate() throws Exception {
    Action open =
        new Action(
            "open", 1, List.of(POST), "auto", 0, 0, 0, 100, 0, 0, 0, 0, null, null); // 100 users/s
    engine.handle(
        new StartRun(
            V,
            11,
            "http://127.0.0.1:" + sut.port(),
            5000,
            scenario(LOGIN, open),
            List.of(new NodeSlice("n1", 0, 30)),
            java.util.Map.of()));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 11, 1, 0));
    List<UserResult> results = awaitResults(30);
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
    long first = results.stream().mapToLong(UserResult::intendedUs).min().orElseThrow();
    long last = results.stream().mapToLong(UserResult::intendedUs).max().orElseThrow();
    assertEquals(290_000, last - first, 1_000, "user 29 arrives 290 ms after user 0");
    long lastStart = results.stream().mapToLong(UserResult::startUs).max().orElseThrow();
    assertTrue(lastStart - first >= 270_000, "and really starts then: " + (lastStart - first));
    org.HdrHistogram.Histogram skew = new org.HdrHistogram.Histogram(3);
    batches.stream()
        .flatMap(b -> b.histograms().stream())
        .filter(h -> h.dispatchHdr() != null)
        .forEach(h -> io.vox.messaging.LatencyHistograms.addInto(skew, h.dispatchHdr()));
    assertEquals(30, skew.getTotalCount(), "each user's dispatch delay, from its arrival");
    long worstUs =
        results.stream().mapToLong(r -> r.startUs() - r.intendedUs()).max().orElseThrow();
    assertTrue(skew.valuesAreEquivalent(Math.max(1, worstUs), skew.getMaxValue()), "same max");
  }

  private static long offsetUs(long index, long total, double rate, double rateTo) {
    return new Action("a", 1, List.of(), "auto", 0, 0, 0, rate, rateTo, 0, 0, 0, null, null)
        .arrivalOffsetUs(index, total);
  }

  @Test
  void arrivalOffsetsFollowTheRateAndItsRamp() {
    assertEquals(1_500_000, offsetUs(150, 1000, 100, 0));
    // from 10/s to 30/s while 40 users arrive: 2 s in all, the last one at 2 s
    assertEquals(2_000_000, offsetUs(40, 40, 10, 30), 1);
    // after 1 s, 10 + 5 = 15 users arrived (rate rose by 10/s per s)
    assertEquals(1_000_000, offsetUs(15, 40, 10, 30), 1);
  }

  @Test
  void arrivalOffsetsFollowTheStages() {
    Action staged =
        new Action(
            "a",
            1,
            List.of(),
            "auto",
            0,
            0,
            0,
            10,
            0,
            0,
            0,
            0,
            List.of(
                new Action.Stage(2_000, 30), // 10 -> 30/s over 2 s: 40 arrivals
                new Action.Stage(1_000, 30), // 30/s for 1 s: 30 more
                new Action.Stage(1_000, 0)),
            null); // down to 0 over 1 s: 15 more
    assertEquals(0, staged.arrivalOffsetUs(0, 100));
    assertEquals(1_000_000, staged.arrivalOffsetUs(15, 100), 1, "15 in the first second");
    assertEquals(2_000_000, staged.arrivalOffsetUs(40, 100), 1);
    assertEquals(2_500_000, staged.arrivalOffsetUs(55, 100), 1, "30/s: 15 in half a second");
    assertEquals(3_000_000, staged.arrivalOffsetUs(70, 100), 1);
    // ramping down from 30/s: after t s, 30 t - 15 t^2 arrived; the 11th at t = 0.4836 s
    assertEquals(3_483_603, staged.arrivalOffsetUs(81, 100), 2);
    assertEquals(
        Long.MAX_VALUE, staged.arrivalOffsetUs(90, 100), "past the stages at rate 0: never");
  }

  @Test
  void rampUpSpreadsConnectsOverTheCluster() throws Exception {
    Scenario s =
        new Scenario(
            List.of(LOGIN),
            List.of(action("post", 1, POST)),
            List.of(),
            400,
            0,
            HttpOptions.DEFAULT,
            List.of());
    long t0 = System.nanoTime();
    engine.handle(startRun(12, s, 10)); // users 10..19 of 20: connect from 200 ms to 380 ms
    assertEquals(new NodeReady(V, 12, "n1", 10, 0, ""), events.poll(20, TimeUnit.SECONDS));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(tookMs >= 360, "ready after the last user's turn: " + tookMs + " ms");
  }

  static Step ws(String kind, String url, String text, List<Check> checks, List<Extract> extract) {
    return new Step(
        null,
        null,
        new io.vox.messaging.scenario.WebSocketStep(
            kind, url, Map.of(), text, checks, extract, 2000),
        null);
  }

  @Test
  void webSocketStepsConnectSendExpectExtractAndClose() throws Exception {
    Scenario s =
        new Scenario(
            List.of(LOGIN),
            List.of(
                action(
                    "chat",
                    2,
                    ws("connect", "/ws?u=${user}", null, List.of(), List.of()),
                    ws("send", null, "hi from ${user}", List.of(), List.of()),
                    ws(
                        "expect",
                        null,
                        null,
                        List.of(new Check(null, "$.echo", "hi from ${user}", null, null)),
                        List.of(new Extract("n", "$.n", null, null))),
                    ws("send", null, "again ${n}", List.of(), List.of()),
                    ws(
                        "expect",
                        null,
                        null,
                        List.of(new Check(null, null, null, "again 1", null)),
                        List.of()),
                    ws("close", null, null, List.of(), List.of()))),
            List.of(),
            0,
            0,
            HttpOptions.DEFAULT,
            List.of());
    engine.handle(startRun(20, s, 10));
    assertEquals(new NodeReady(V, 20, "n1", 10, 0, ""), events.poll(20, TimeUnit.SECONDS));
    long before = sut.stats().wsMessages();
    engine.handle(new RunAction(V, 20, 1, 0));
    awaitResults(10);
    engine.handle(new RunAction(V, 20, 2, 0));
    List<UserResult> results = awaitResults(20);
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
    assertTrue(results.stream().allMatch(r -> r.latencyUs() > 0));
    assertEquals(40, sut.stats().wsMessages() - before, "2 messages x 10 users x 2 actions");
  }

  @Test
  void aWebSocketExpectationThatFailsOrTimesOutIsAnError() throws Exception {
    Scenario s =
        new Scenario(
            List.of(),
            List.of(
                action(
                    "wrong",
                    1,
                    ws("connect", "/ws", null, List.of(), List.of()),
                    ws("send", null, "x", List.of(), List.of()),
                    ws(
                        "expect",
                        null,
                        null,
                        List.of(new Check(null, null, null, "nope", null)),
                        List.of())),
                action(
                    "silent",
                    1,
                    ws("connect", "/ws", null, List.of(), List.of()),
                    ws("expect", null, null, List.of(), List.of())),
                action("nowhere", 1, ws("connect", "/api/ping", null, List.of(), List.of()))),
            List.of(),
            0,
            0,
            HttpOptions.DEFAULT,
            List.of());
    engine.handle(startRun(21, s, 3));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 21, 1, 0));
    List<UserResult> wrong = awaitResults(3);
    assertTrue(
        wrong.stream().allMatch(r -> "ws expect: body does not contain \"nope\"".equals(r.error())),
        wrong.toString());
    batches.clear();
    engine.handle(new RunAction(V, 21, 2, 0));
    List<UserResult> silent = awaitResults(3);
    assertTrue(
        silent.stream().allMatch(r -> "ws expect: no message within 2000 ms".equals(r.error())),
        silent.toString());
    batches.clear();
    engine.handle(new RunAction(V, 21, 3, 0));
    List<UserResult> nowhere = awaitResults(3);
    assertTrue(
        nowhere.stream()
            .allMatch(r -> r.error() != null && r.error().startsWith("ws connect /api/ping: ")),
        nowhere.toString());
  }

  @Test
  void aLoopRepeatsTheStepsAtItsPaceAndReportsOneRowPerUser() throws Exception {
    Action loop =
        new Action("loop", 1, List.of(POST), "auto", 0, 0, 0, 0, 0, 600, 100, 0, null, null);
    Action unpaced =
        new Action("fast", 1, List.of(POST), "auto", 0, 0, 0, 0, 0, 300, 0, 0, null, null);
    engine.handle(startRun(30, scenario(LOGIN, loop, unpaced), 5));
    events.poll(20, TimeUnit.SECONDS);
    long posts = sut.stats().messages();
    engine.handle(new RunAction(V, 30, 1, 0));
    List<UserResult> rows = awaitResults(5);
    assertEquals(5, rows.size(), "one row per user");
    for (UserResult r : rows) {
      assertTrue(r.ok(), r.toString());
      // iterations are due at 0, 100, ... 500 ms after the command: 6 of them
      assertEquals(6, r.loopIterations(), r.toString());
      assertEquals(0, r.loopFailures());
      assertTrue(r.latencyUs() > 0);
    }
    int iterations = rows.stream().mapToInt(UserResult::loopIterations).sum();
    assertEquals(iterations, sut.stats().messages() - posts, "one post per iteration");
    assertEquals(iterations, histogramCount(1), "each iteration in the histogram, once");

    batches.clear();
    engine.handle(new RunAction(V, 30, 2, 0));
    List<UserResult> fast = awaitResults(5);
    assertTrue(
        fast.stream().allMatch(r -> r.ok() && r.loopIterations() > 20),
        "without a pace a loop runs back to back: " + fast);
  }

  @Test
  void maxRpsHoldsThisNodesShareOfTheRequestsAndTheWaitShowsAsQueueing() throws Exception {
    // the run's 20 users are 10 here and 10 on another node: this node sends half of 200/s
    Action capped =
        new Action("capped", 1, List.of(POST), "auto", 0, 0, 0, 0, 0, 1_500, 0, 200, null, null);
    engine.handle(startRun(31, scenario(LOGIN, capped), 10));
    events.poll(20, TimeUnit.SECONDS);
    long posts = sut.stats().messages();
    long began = System.nanoTime();
    engine.handle(new RunAction(V, 31, 1, 0));
    List<UserResult> rows = awaitResults(10);
    double seconds = (System.nanoTime() - began) / 1e9;
    long sent = sut.stats().messages() - posts;
    assertTrue(rows.stream().allMatch(UserResult::ok), rows.toString());
    // unpaced, these users would send thousands a second (the loop test above)
    assertTrue(sent <= 100 * seconds + 1, sent + " requests in " + seconds + " s");
    assertTrue(sent >= 50, "the cap lets requests through: " + sent);
    // each user gets a turn about every 100 ms: the wait is in the corrected latency only
    org.HdrHistogram.Histogram corrected = new org.HdrHistogram.Histogram(3);
    for (ReportBatch b : batches) {
      b.histograms().stream()
          .filter(h -> h.action() == 1)
          .forEach(h -> io.vox.messaging.LatencyHistograms.addInto(corrected, h.correctedHdr()));
    }
    assertTrue(
        corrected.getValueAtPercentile(50) >= 50_000,
        "corrected p50 " + corrected.getValueAtPercentile(50) + " µs");
  }

  @Test
  void aCappedLoopEndsOnTimeRatherThanWaitForTurnsPastItsEnd() throws Exception {
    // 5 turns a second here for 10 users and a 1 s loop: half the users' turns lie past its end
    Action capped =
        new Action("capped", 1, List.of(POST), "auto", 0, 0, 0, 0, 0, 1_000, 0, 10, null, null);
    engine.handle(startRun(32, scenario(LOGIN, capped), 10));
    events.poll(20, TimeUnit.SECONDS);
    long posts = sut.stats().messages();
    engine.handle(new RunAction(V, 32, 1, 0));
    List<UserResult> rows = awaitResults(10);
    long sent = sut.stats().messages() - posts;
    assertEquals(10, rows.size(), "every user reports its loop");
    assertTrue(sent <= 6, "no request after the loop's end: " + sent);
    assertTrue(rows.stream().allMatch(r -> r.error() == null), rows.toString());
  }

  private long histogramCount(int action) {
    org.HdrHistogram.Histogram merged = new org.HdrHistogram.Histogram(3);
    for (ReportBatch b : batches) {
      b.histograms().stream()
          .filter(h -> h.action() == action)
          .forEach(h -> io.vox.messaging.LatencyHistograms.addInto(merged, h.hdr()));
    }
    return merged.getTotalCount();
  }

  private long worstDispatchUs(int connections) throws Exception {
    return worstDispatchUs(connections, false);
  }

  private long worstDispatchUs(int connections, boolean http2) throws Exception {
    Step stall = request("GET", "/api/stall?ms=400", Map.of(), null, List.of(), List.of());
    Scenario s =
        new Scenario(
            List.of(),
            List.of(action("stall", 1, stall)),
            List.of(),
            0,
            connections,
            http2 ? HttpOptions.DEFAULT.withVersion(HttpOptions.HTTP_2) : HttpOptions.DEFAULT,
            List.of());
    engine.handle(startRun(40, s, 40));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 40, 1, 0));
    List<UserResult> results = awaitResults(40);
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
    return results.stream().mapToLong(r -> r.startUs() - r.intendedUs()).max().orElseThrow();
  }

  @Test
  void usersWaitForAPooledConnectionWhileTheTargetStalls() throws Exception {
    long worst = worstDispatchUs(2);
    assertTrue(worst >= 300_000, "2 connections for 40 users: most wait the stall: " + worst);
  }

  @Test
  void withAConnectionPerUserNoUserWaitsToSend() throws Exception {
    long worst = worstDispatchUs(Scenario.PER_USER);
    assertTrue(worst < 300_000, "40 connections for 40 users: all written at once: " + worst);
  }

  @Test
  void aThousandUsersOverHttp2ShareFourConnectionsWithinTheServersStreamLimit() throws Exception {
    // the demo API allows 100 concurrent streams per connection (Netty's default)
    Scenario s =
        new Scenario(
            List.of(LOGIN),
            List.of(action("post", 1, POST)),
            List.of(),
            0,
            4,
            HttpOptions.DEFAULT.withVersion(HttpOptions.HTTP_2),
            List.of());
    engine.handle(startRun(42, s, 1000));
    assertEquals(new NodeReady(V, 42, "n1", 1000, 0, ""), events.poll(20, TimeUnit.SECONDS));
    engine.handle(new RunAction(V, 42, 1, 0));
    List<UserResult> results = awaitResults(1000);
    assertTrue(
        results.stream().allMatch(UserResult::ok),
        results.stream().filter(r -> !r.ok()).limit(5).toList().toString());
    assertEquals(2000, sut.stats().http2Streams());
  }

  @Test
  void overHttp2TwoConnectionsCarryEveryUsersRequestAtOnce() throws Exception {
    long worst = worstDispatchUs(2, true);
    assertTrue(worst < 300_000, "40 streams on 2 connections: none waits the stall: " + worst);
    assertEquals(40, sut.stats().http2Streams());
  }

  @Test
  void anHttp2StreamThatTimesOutFailsAloneAndTheConnectionServesTheNextAction() throws Exception {
    Step stall = request("GET", "/api/stall?ms=1500", Map.of(), null, List.of(), List.of());
    Step ping = request("GET", "/api/ping", Map.of(), null, List.of(), List.of());
    Scenario s =
        new Scenario(
            List.of(),
            List.of(action("stall", 1, stall), action("ping", 1, ping)),
            List.of(),
            0,
            1,
            HttpOptions.DEFAULT.withVersion(HttpOptions.HTTP_2),
            List.of());
    engine.handle(
        new StartRun(
            V,
            41,
            "http://127.0.0.1:" + sut.port(),
            300,
            s,
            List.of(new NodeSlice("n1", 0, 20)),
            java.util.Map.of()));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 41, 1, 0));
    List<UserResult> stalled = awaitResults(20);
    assertTrue(
        stalled.stream().allMatch(r -> r.error().endsWith(": timeout after 300 ms")),
        stalled.toString());
    Thread.sleep(1500); // the stall ends; the reset streams' late answers are dropped
    batches.clear();
    engine.handle(new RunAction(V, 41, 2, 0));
    List<UserResult> pings = awaitResults(20);
    assertTrue(pings.stream().allMatch(r -> r.ok() && r.status() == 200), pings.toString());
    assertEquals(40, sut.stats().http2Streams(), "one connection, 40 streams");
  }

  @Test
  void aNodeShuttingDownSendsWhatItsUsersReportedAndNothingItCutShort() throws Exception {
    Step ping = request("GET", "/api/ping", Map.of(), null, List.of(), List.of());
    Step stall = request("GET", "/api/stall?ms=20000", Map.of(), null, List.of(), List.of());
    Scenario s =
        new Scenario(
            List.of(),
            List.of(action("ping", 1, ping), action("stall", 1, stall)),
            List.of(),
            0,
            2,
            HttpOptions.DEFAULT.withVersion(HttpOptions.HTTP_2),
            List.of());
    engine.handle(
        new StartRun(
            V,
            43,
            "http://127.0.0.1:" + sut.port(),
            30_000,
            s,
            List.of(new NodeSlice("n1", 0, 20)),
            java.util.Map.of()));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(V, 43, 1, 0));
    awaitResults(20);
    engine.handle(new RunAction(V, 43, 2, 0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (sut.stats().http2Streams() < 40 && System.nanoTime() < deadline) {
      Thread.sleep(10); // every user's stalled request is on the wire
    }
    assertEquals(40, sut.stats().http2Streams());

    node.close(); // as NodeRuntime at undeploy: users stopped, connections closed, loops ended
    batcher.flush();
    List<UserResult> sent = batches.stream().flatMap(b -> b.results().stream()).toList();
    assertEquals(20, sent.size(), "the 20 pings reported before the shutdown, no more: " + sent);
    assertTrue(sent.stream().allMatch(r -> r.action() == 1 && r.ok()), sent.toString());
    engine.handle(new RunAction(V, 43, 3, 0));
    engine.handle(startRun(44, LOGIN, 5));
    assertEquals(0, engine.users(), "a closed engine starts nothing");
  }
}
