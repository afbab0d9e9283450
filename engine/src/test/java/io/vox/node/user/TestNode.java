package io.vox.node.user;

import io.vox.messaging.NodeEvent;
import io.vox.messaging.ReportBatch;
import io.vox.messaging.UserResult;
import io.vox.node.http.NettyLanes;
import io.vox.node.http.Transport;
import io.vox.node.http.WheelTimer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A node's engine over real Netty lanes, no container: its events and batches kept for tests. */
final class TestNode implements AutoCloseable {
  final NettyLanes lanes;
  final WheelTimer timer;
  final ReportBatcher batcher;
  final NodeEngine engine;
  final BlockingQueue<NodeEvent> events = new LinkedBlockingQueue<>();
  final ConcurrentLinkedQueue<ReportBatch> batches = new ConcurrentLinkedQueue<>();

  TestNode(int loops, int connections) {
    this("n1", loops, connections);
  }

  TestNode(String id, int loops, int connections) {
    lanes =
        new NettyLanes(
            loops,
            Executors.defaultThreadFactory(),
            connections,
            // the node's own setting, so the suite can be run over each transport
            Transport.choose(System.getProperty("vox.node.transport", "auto")));
    batcher = new ReportBatcher(id, 100, batches::add);
    timer = new WheelTimer(Executors.defaultThreadFactory());
    engine =
        new NodeEngine(
            id,
            lanes,
            batcher,
            // the process's incarnation left out, so tests compare NodeReady by value
            e -> events.add(e instanceof io.vox.messaging.NodeReady r ? r.withIncarnation("") : e),
            Runnable::run,
            timer,
            Clock.systemUTC(),
            32);
  }

  /** Every result reported so far, once there are at least {@code count} (within 30 s). */
  List<UserResult> results(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      batcher.flush();
      List<UserResult> all = batches.stream().flatMap(b -> b.results().stream()).toList();
      if (all.size() >= count) {
        return all;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "results did not arrive (a user hangs?): " + batches.size() + " batches");
  }

  @Override
  public void close() {
    engine.close();
    timer.close();
    lanes.close();
  }
}
