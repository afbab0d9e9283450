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
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.Extract;
import io.vox.messaging.scenario.Feeder;
import io.vox.messaging.scenario.Group;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import io.vox.messaging.scenario.UserSplit;
import io.vox.node.user.HttpLane.HttpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run of three groups over two nodes against the demo API: each user does its group's steps,
 * reads its group's feeder by its rank, and a group that sits an action out reports nothing.
 */
class GroupsTest {
  private static final int USERS = 100;
  private DemoServer sut;
  private TestNode n0;
  private TestNode n1;
  private final Map<Long, String> urls = new ConcurrentHashMap<>(); // user to its last item URL

  @BeforeEach
  void start() throws Exception {
    sut = DemoServer.start("127.0.0.1", 0, 0, 0);
    n0 = new TestNode("n0", 1, 8);
    n1 = new TestNode("n1", 1, 8);
    Tracer tracer =
        new Tracer() {
          @Override
          public void request(
              long user, int action, String step, HttpResult result, List<String> outcome) {
            if (result.trace() != null && result.trace().url().contains("/api/items/")) {
              urls.put(user, result.trace().url());
            }
          }

          @Override
          public void note(long user, int action, String text) {}
        };
    n0.engine.trace(tracer);
    n1.engine.trace(tracer);
  }

  @AfterEach
  void stop() {
    n0.close();
    n1.close();
    sut.close();
  }

  @Test
  void eachGroupDoesItsOwnStepsAndSitsOutTheOthers() throws Exception {
    Step login =
        NodeEngineTest.request(
            "POST",
            "/api/login",
            Map.of(),
            "{\"user\":\"${buyers.login}\"}",
            List.of(),
            List.of(new Extract("token", "$.token", null, null)));
    Step ping = NodeEngineTest.request("GET", "/api/ping", Map.of(), null, List.of(), List.of());
    Step item =
        NodeEngineTest.request(
            "GET",
            "/api/items/${buyers.n}",
            Map.of("Authorization", "Bearer ${token}"),
            null,
            List.of(new Check(200, null, null, null, null)),
            List.of());
    Step stats = NodeEngineTest.request("GET", "/api/stats", Map.of(), null, List.of(), List.of());
    List<List<String>> rows =
        IntStream.range(0, 25).mapToObj(i -> List.of("b" + i, String.valueOf(i))).toList();
    Feeder buyersFeeder = new Feeder("buyers", Feeder.UNIQUE, List.of("login", "n"), rows);
    List<Group> groups =
        List.of(
            new Group("browsers", 70, List.of(), List.of(), List.of(List.of(ping), List.of())),
            new Group(
                "buyers",
                25,
                List.of(login),
                List.of(buyersFeeder),
                List.of(List.of(item), List.of(item))),
            new Group("admins", 5, List.of(), List.of(), List.of(List.of(), List.of(stats))));
    Scenario scenario =
        new Scenario(
            List.of(),
            List.of(action("browse"), action("buy")),
            List.of(),
            0,
            0,
            HttpOptions.DEFAULT,
            groups);
    StartRun start =
        new StartRun(
            Message.SCHEMA_VERSION,
            9,
            "http://127.0.0.1:" + sut.port(),
            5000,
            scenario,
            List.of(new NodeSlice("n0", 0, 60), new NodeSlice("n1", 60, 40)),
            java.util.Map.of());
    n0.engine.handle(start);
    n1.engine.handle(start);
    assertEquals(60, ready(n0).connected());
    assertEquals(40, ready(n1).connected());
    assertEquals(25, sut.stats().logins(), "only the buyers log in, at connect");

    UserSplit split = UserSplit.of(USERS, 70, 25, 5);
    act(1);
    List<UserResult> browse = results(1, 95);
    assertTrue(browse.stream().allMatch(UserResult::ok), browse.toString());
    assertEquals(
        users(split, 0, 1), browse.stream().map(UserResult::user).collect(Collectors.toSet()));
    act(2);
    List<UserResult> buy = results(2, 30);
    assertTrue(buy.stream().allMatch(UserResult::ok), buy.toString());
    assertEquals(
        users(split, 1, 2), buy.stream().map(UserResult::user).collect(Collectors.toSet()));

    assertEquals(95, results(1, 0).size(), "the admins sat action 1 out: no row came later");

    // each group's request steps, counted apart: (action, group, step) to count
    Map<String, Long> steps = new java.util.TreeMap<>();
    for (TestNode n : List.of(n0, n1)) {
      n.batches.stream()
          .flatMap(b -> b.requests().stream())
          .forEach(
              r -> {
                assertEquals(0, r.errors(), r.toString());
                steps.merge(r.action() + "/" + r.group() + "/" + r.step(), r.count(), Long::sum);
              });
    }
    assertEquals(Map.of("1/0/0", 70L, "1/1/0", 25L, "2/1/0", 25L, "2/2/0", 5L), steps);

    // the buyers' feeder goes by rank in the group: its 25 rows, each used by one buyer
    Set<String> items = new TreeSet<>(urls.values());
    assertEquals(25, urls.size());
    assertEquals(
        IntStream.range(0, 25).mapToObj(i -> "/api/items/" + i).collect(Collectors.toSet()),
        items.stream().map(u -> u.substring(u.indexOf("/api/"))).collect(Collectors.toSet()));
    // both nodes hold users of every group: the split mixes the groups over the user numbers
    for (long first : new long[] {0, 60}) {
      long last = first == 0 ? 59 : 99;
      for (int g = 0; g < 2; g++) {
        int group = g;
        assertTrue(
            LongStream.rangeClosed(first, last).anyMatch(u -> split.groupOf(u) == group),
            "group " + g + " on the node of users " + first + "-" + last);
      }
    }
  }

  private static Action action(String name) {
    return new Action(name, 1, List.of(), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null);
  }

  private static Set<Long> users(UserSplit split, int... groups) {
    Set<Integer> in = IntStream.of(groups).boxed().collect(Collectors.toSet());
    return LongStream.range(0, USERS)
        .filter(u -> in.contains(split.groupOf(u)))
        .boxed()
        .collect(Collectors.toSet());
  }

  private NodeReady ready(TestNode node) throws InterruptedException {
    var e = node.events.poll(30, TimeUnit.SECONDS);
    return (NodeReady) e;
  }

  private void act(int k) {
    n0.engine.handle(new RunAction(Message.SCHEMA_VERSION, 9, k, 0));
    n1.engine.handle(new RunAction(Message.SCHEMA_VERSION, 9, k, 0));
  }

  /** Action {@code k}'s results from both nodes, once there are {@code count}. */
  private List<UserResult> results(int k, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      List<UserResult> mine = new ArrayList<>();
      for (TestNode n : List.of(n0, n1)) {
        n.batcher.flush();
        n.batches.stream()
            .flatMap(b -> b.results().stream())
            .filter(r -> r.action() == k)
            .forEach(mine::add);
      }
      if (mine.size() >= count) {
        return mine;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("action " + k + ": fewer than " + count + " results");
  }
}
