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
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Logic;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logic steps on the node's engine against the demo API: a forEach over an extracted array, a
 * templated repeat, an if on the user's number with an exitAction, a switch; and the failures a
 * user's values can cause.
 */
class LogicStepsTest {
  private static final int USERS = 20;
  private DemoServer sut;
  private TestNode node;

  @BeforeEach
  void start() throws Exception {
    sut = DemoServer.start("127.0.0.1", 0, 0, 0);
    node = new TestNode(1, 8);
  }

  @AfterEach
  void stop() {
    node.close();
    sut.close();
  }

  private static Step get(String url, List<Check> checks, List<Extract> extract) {
    return NodeEngineTest.request(
        "GET", url, Map.of("Authorization", "Bearer ${token}"), null, checks, extract);
  }

  private static Step logic(
      String kind,
      String var,
      String matches,
      String times,
      String in,
      String as,
      List<Step> then,
      List<Step> otherwise,
      List<Logic.Branch> branches) {
    return new Step(
        null,
        null,
        null,
        new Logic(kind, var, null, null, matches, null, times, in, as, then, otherwise, branches));
  }

  private List<UserResult> run(Step... steps) throws InterruptedException {
    Step login =
        NodeEngineTest.request(
            "POST",
            "/api/login",
            Map.of(),
            "{\"user\":\"u${user}\"}",
            List.of(),
            List.of(new Extract("token", "$.token", null, null)));
    Scenario scenario =
        new Scenario(
            List.of(login),
            List.of(new Action("a", 1, List.of(steps), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
            List.of(),
            0,
            0,
            HttpOptions.DEFAULT,
            List.of());
    node.engine.handle(
        new StartRun(
            Message.SCHEMA_VERSION,
            3,
            "http://127.0.0.1:" + sut.port(),
            5000,
            scenario,
            List.of(new NodeSlice("n1", 0, USERS)),
            java.util.Map.of()));
    assertEquals(USERS, ((NodeReady) node.events.poll(30, TimeUnit.SECONDS)).connected());
    node.engine.handle(new RunAction(Message.SCHEMA_VERSION, 3, 1, 0));
    return node.results(USERS);
  }

  @Test
  void usersWalkTheItemsOfTheFeedRepeatBranchAndLeaveEarly() throws Exception {
    Step feed =
        get("/api/feed", List.of(), List.of(new Extract("ids", "$.items[*].id", null, null)));
    Step item =
        get(
            "/api/items/${id}",
            List.of(new Check(null, "$.name", "item-${id}", null, null)),
            List.of());
    Step post =
        NodeEngineTest.request(
            "POST",
            "/api/messages",
            Map.of("Authorization", "Bearer ${token}"),
            "{}",
            List.of(new Check(201, null, null, null, null)),
            List.of());
    Step ping = get("/api/ping", List.of(), List.of());
    List<UserResult> results =
        run(
            feed,
            logic(Logic.FOR_EACH, null, null, null, "ids", "id", List.of(item), null, null),
            logic(Logic.REPEAT, null, null, "2", null, null, List.of(post), null, null),
            logic(
                Logic.IF,
                "user",
                "[02468]$",
                null,
                null,
                null,
                List.of(ping),
                List.of(logic(Logic.EXIT, null, null, null, null, null, null, null, null)),
                null),
            post,
            logic(
                Logic.SWITCH,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new Logic.Branch(3, List.of(ping)), new Logic.Branch(1, List.of(ping)))));
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
    assertEquals(2L * USERS, sut.stats().items(), "each user read both items of the feed");
    assertEquals(
        2L * USERS + USERS / 2, sut.stats().messages(), "two each, and one more by even users");
    // per request: each step by its place in the program, the forEach's item twice per user
    java.util.Map<Integer, Long> counts = new java.util.TreeMap<>();
    node.batches.stream()
        .flatMap(b -> b.requests().stream())
        .forEach(r -> counts.merge(r.step(), r.count(), Long::sum));
    assertEquals(2L * USERS, counts.get(3), "the item request: " + counts);
  }

  @Test
  void aForEachOverAPathThatMatchesOnceOrNeverTakesOneTurnOrNone() throws Exception {
    Step feed =
        get(
            "/api/feed",
            List.of(),
            List.of(
                new Extract("one", "$.items[?(@.id == 1)].id", null, null),
                new Extract("none", "$.items[?(@.id == 9)].id", null, null)));
    Step item = get("/api/items/${id}", List.of(), List.of());
    List<UserResult> results =
        run(
            feed,
            logic(Logic.FOR_EACH, null, null, null, "one", "id", List.of(item), null, null),
            logic(Logic.FOR_EACH, null, null, null, "none", "id", List.of(item), null, null));
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
    assertEquals(USERS, sut.stats().items(), "one turn each for the one match, none for none");
  }

  @Test
  void aTimesThatIsNoNumberOrAnArrayThatIsNoneFailsTheUserWithTheReason() throws Exception {
    Step ping = get("/api/ping", List.of(), List.of());
    List<UserResult> results =
        run(
            logic(Logic.REPEAT, null, null, "${token}", null, null, List.of(ping), null, null),
            ping);
    assertTrue(
        results.stream().allMatch(r -> r.error() != null && r.error().contains("repeat: times is")),
        results.toString());
  }

  @Test
  void aProgramThatNeverWaitsIsStoppedInsteadOfHoldingTheEventLoop() throws Exception {
    Step inner =
        logic(
            Logic.REPEAT,
            null,
            null,
            "10000",
            null,
            null,
            List.of(
                logic(
                    Logic.IF,
                    "user",
                    "x",
                    null,
                    null,
                    null,
                    List.of(logic(Logic.EXIT, null, null, null, null, null, null, null, null)),
                    null,
                    null)),
            null,
            null);
    List<UserResult> results =
        run(logic(Logic.REPEAT, null, null, "10000", null, null, List.of(inner), null, null));
    assertTrue(
        results.stream().allMatch(r -> r.error() != null && r.error().contains("endless loop")),
        results.toString());
  }
}
