package io.vox.bench;

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
    public void schedule(long delayMs, Runnable task) {}

    @Override
    public void openWebSocket(String path, String[] headers, WebSocketListener listener) {
      listener.closed(null, "no WebSockets here");
    }

    @Override
    public Executor executor() {
      return Runnable::run;
    }

    @Override
    public String absolute(String url) {
      return "http://127.0.0.1" + url;
    }

    @Override
    public void send(HttpCall call, HttpCallback callback) {
      String user = call.body().replaceAll("[^0-9]", "");
      callback.done(
          new HttpResult(200, "{\"token\":\"user-" + user + ".5f3a9c1e\"}", null, 1, 100, null));
    }
  }

  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    LaneFactory lanes =
        (target, timeout, connections, http2) ->
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
        new NodeEngine(
            "n1",
            lanes,
            (run, r) -> {},
            e -> {},
            Runnable::run,
            (ms, task) -> {},
            Clock.systemUTC(),
            32);
    long emptyBytes = GraphLayout.parseInstance(engine).totalSize();
    engine.handle(
        new StartRun(
            io.vox.messaging.Message.SCHEMA_VERSION,
            1,
            "http://127.0.0.1:1",
            1000,
            scenario(),
            List.of(new NodeSlice("n1", 0, users)),
            java.util.Map.of()));
    GraphLayout layout = GraphLayout.parseInstance(engine);
    long perUser = (layout.totalSize() - emptyBytes) / users;
    System.out.printf(
        "%d connected users: %,d bytes reachable from the engine, %d bytes per user%n%s%n",
        users, layout.totalSize(), perUser, layout.toFootprint());
  }

  /** The demo's scenario: log in and keep a token, then post with it. */
  static io.vox.messaging.scenario.Scenario scenario() {
    var login =
        new io.vox.messaging.scenario.Step(
            new io.vox.messaging.scenario.Request(
                null,
                "POST",
                "/api/login",
                java.util.Map.of(),
                "{\"user\":\"${user}\"}",
                List.of(),
                List.of(new io.vox.messaging.scenario.Extract("token", "$.token", null, null)),
                null,
                null,
                null,
                null),
            null,
            null,
            null);
    var post =
        new io.vox.messaging.scenario.Step(
            new io.vox.messaging.scenario.Request(
                null,
                "POST",
                "/api/messages",
                java.util.Map.of("Authorization", "Bearer ${token}"),
                "{}",
                List.of(),
                List.of(),
                null,
                null,
                null,
                null),
            null,
            null,
            null);
    return new io.vox.messaging.scenario.Scenario(
        List.of(login),
        List.of(
            new io.vox.messaging.scenario.Action(
                "post", 1, List.of(post), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
        List.of(),
        0,
        0,
        io.vox.messaging.scenario.HttpOptions.DEFAULT,
        List.of());
  }
}
