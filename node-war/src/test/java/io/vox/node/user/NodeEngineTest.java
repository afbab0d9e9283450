package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.demo.DemoServer;
import io.vox.messaging.HttpStep;
import io.vox.messaging.NodeEvent;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.node.http.NettyLanes;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node core over real Netty lanes against the demo API on loopback; no container. */
class NodeEngineTest {
  private static final HttpStep LOGIN =
      new HttpStep("POST", "/api/login", "{\"user\":\"u${user}\"}", "token");
  private static final HttpStep POST =
      new HttpStep("POST", "/api/messages", "{\"text\":\"hi ${action}\"}", null);

  private DemoServer sut;
  private NettyLanes lanes;
  private NodeEngine engine;
  private final BlockingQueue<NodeEvent> events = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<ReportBatch> batches = new ConcurrentLinkedQueue<>();
  private ReportBatcher batcher;

  @BeforeEach
  void start() throws Exception {
    sut = DemoServer.start("127.0.0.1", 0, 0, 0);
    lanes = new NettyLanes(2, Executors.defaultThreadFactory(), 16);
    batcher = new ReportBatcher("n1", 100, batches::add);
    engine =
        new NodeEngine("n1", lanes, batcher, events::add, Runnable::run, Clock.systemUTC(), 32);
  }

  @AfterEach
  void stop() {
    engine.close();
    lanes.close();
    sut.close();
  }

  private StartRun startRun(long runId, HttpStep connect, int users) {
    return new StartRun(
        1,
        runId,
        "http://127.0.0.1:" + sut.port(),
        connect,
        POST,
        2,
        5000,
        List.of(new NodeSlice("n0", 0, 10), new NodeSlice("n1", 10, users)));
  }

  private List<UserResult> awaitResults(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      batcher.flush();
      List<UserResult> all =
          batches.stream().flatMap(b -> b.results().stream()).collect(Collectors.toList());
      if (all.size() >= count) {
        return all;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("results did not arrive: " + batches.size() + " batches");
  }

  @Test
  void usersLogInThenPerformEachActionOnceWithTheirToken() throws Exception {
    engine.handle(startRun(1, LOGIN, 500));
    NodeEvent ready = events.poll(20, TimeUnit.SECONDS);
    assertEquals(new NodeReady(1, 1, "n1", 500, 0), ready);
    assertEquals(500, sut.stats().logins());

    engine.handle(new RunAction(1, 1, 1));
    engine.handle(new RunAction(1, 1, 1)); // a repeat is ignored
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

  @Test
  void aBatchOfOnlyFailuresCarriesNoHistogram() throws Exception {
    HttpStep badLogin = new HttpStep("POST", "/api/login", "{}", "token");
    engine.handle(startRun(5, badLogin, 5));
    events.poll(20, TimeUnit.SECONDS);
    engine.handle(new RunAction(1, 5, 1));
    awaitResults(5);
    assertTrue(batches.stream().allMatch(b -> b.histograms().isEmpty()));
  }

  @Test
  void aUserWhoseConnectFailedReportsEveryActionAsAnError() throws Exception {
    HttpStep badLogin = new HttpStep("POST", "/api/login", "{}", "token");
    engine.handle(startRun(2, badLogin, 20));
    assertEquals(new NodeReady(1, 2, "n1", 0, 20), events.poll(20, TimeUnit.SECONDS));
    engine.handle(new RunAction(1, 2, 1));
    List<UserResult> results = awaitResults(20);
    assertTrue(results.stream().allMatch(r -> "not connected".equals(r.error())));
    assertEquals(0, sut.stats().messages());
  }

  @Test
  void aRunForOtherNodesOnlyIsIgnored() throws Exception {
    engine.handle(
        new StartRun(
            1,
            3,
            "http://127.0.0.1:" + sut.port(),
            LOGIN,
            POST,
            1,
            5000,
            List.of(new NodeSlice("n0", 0, 10))));
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
            1,
            4,
            "http://127.0.0.1:" + deadPort,
            LOGIN,
            POST,
            1,
            2000,
            List.of(new NodeSlice("n1", 0, 30))));
    assertEquals(new NodeReady(1, 4, "n1", 0, 30), events.poll(20, TimeUnit.SECONDS));
  }
}
