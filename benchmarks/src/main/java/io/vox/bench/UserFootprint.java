package io.vox.bench;

import io.vox.messaging.HttpStep;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.StartRun;
import io.vox.node.user.HttpLane;
import io.vox.node.user.LaneFactory;
import io.vox.node.user.NodeEngine;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per idle connected user on a node: spawns {@code N} users of a run whose connect step (a
 * login answered at once with a token) they all pass, then measures the reachable heap of the
 * engine with JOL and divides by N. Connections are not counted (they are shared, per lane).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.vox.bench.UserFootprint 100000}
 */
public final class UserFootprint {
  private UserFootprint() {}

  /** A lane on the calling thread that answers every login at once with a token. */
  static final class InstantLane implements HttpLane {
    @Override
    public Executor executor() {
      return Runnable::run;
    }

    @Override
    public void send(HttpCall call, HttpCallback callback) {
      String user = call.body().replaceAll("[^0-9]", "");
      callback.done(200, "{\"token\":\"user-" + user + ".5f3a9c1e\"}", 1, 100, null);
    }
  }

  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    LaneFactory lanes =
        (target, timeout) ->
            new LaneFactory.Lanes() {
              final List<HttpLane> all = List.of(new InstantLane());

              @Override
              public List<HttpLane> lanes() {
                return all;
              }

              @Override
              public void close() {}
            };
    NodeEngine engine =
        new NodeEngine("n1", lanes, (run, r) -> {}, e -> {}, Runnable::run, Clock.systemUTC(), 32);
    long emptyBytes = GraphLayout.parseInstance(engine).totalSize();
    engine.handle(
        new StartRun(
            1,
            1,
            "http://127.0.0.1:1",
            new HttpStep("POST", "/api/login", "{\"user\":\"${user}\"}", "token"),
            new HttpStep("POST", "/api/messages", "{}", null),
            1,
            1000,
            List.of(new NodeSlice("n1", 0, users))));
    GraphLayout layout = GraphLayout.parseInstance(engine);
    long perUser = (layout.totalSize() - emptyBytes) / users;
    System.out.printf(
        "%d connected users: %,d bytes reachable from the engine, %d bytes per user%n%s%n",
        users, layout.totalSize(), perUser, layout.toFootprint());
  }
}
