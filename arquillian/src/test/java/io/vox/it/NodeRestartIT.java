package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second Payara process takes node-b's id while node-b's users are in the middle of an action, as
 * a node restarted under a fixed id does: the master sees a new incarnation in node-b's heartbeats,
 * declares node-b lost for the run (the new process holds none of its users) well before node-b's
 * silence would, and the run completes on node-a.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeRestartIT extends MasterAndTwoNodesIT {
  private static final int USERS = 40;

  @Test
  void aNodeRestartedUnderItsIdMidActionIsDeclaredLostAndTheRunStillCompletes() throws Exception {
    // the loop keeps action 1 going while the new process boots (tens of seconds here)
    String plan =
        """
        {"name": "restart-a-node", "target": "http://127.0.0.1:%d", "users": %d, "minNodes": 2,
         "actions": [
           {"name": "loop", "loop": {"durationMs": 60000, "pacingMs": 1000},
            "steps": [{"request": {"method": "GET", "url": "/api/ping"}}]},
           {"name": "after", "steps": [{"request": {"method": "GET", "url": "/api/ping"}}]}]}
        """
            .formatted(ItStack.sut.port(), USERS);
    long id = api().submit(plan);
    assertTrue(
        Stack.await(
            Duration.ofSeconds(90),
            () -> {
              try {
                return api().run(id).getInt("currentAction", 0) == 1;
              } catch (Exception e) {
                return false;
              }
            }),
        "action 1 under way");
    String first = incarnationOfNodeB();

    ProcessHandle old = nodeB();
    Process fresh = restart(old);
    try {
      assertTrue(
          Stack.await(
              Duration.ofSeconds(150),
              () -> {
                String now = incarnationOfNodeB();
                return !now.isEmpty() && !now.equals(first);
              }),
          "the new process under node-b's id heartbeats");
      old.destroyForcibly(); // the old process is gone, as after a real restart
      old.onExit().get();

      JsonObject run = api().awaitEnd(id, Duration.ofSeconds(150));
      assertEquals("COMPLETED", run.getString("state"), run.toString());
      String lost = nodeBOf(run).getString("lost", "");
      assertTrue(lost.contains("restarted during the run"), run.toString());
      assertEquals(2L * USERS, Stack.count("SELECT COUNT(*) FROM vox_result WHERE run_id = ?", id));
      assertEquals(
          USERS,
          Stack.count(
              "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = 'node-a'"
                  + " AND error IS NULL",
              id),
          "node-a's users all succeeded");
      assertEquals(
          USERS,
          Stack.count(
              "SELECT COUNT(*) FROM vox_result WHERE run_id = ? AND node_id = 'node-b'"
                  + " AND error LIKE 'node node-b lost%'",
              id),
          "node-b's users are recorded as lost, for the action it was lost in and the next");
    } finally {
      fresh.destroyForcibly();
      fresh.waitFor();
    }
  }

  /** node-b's incarnation in the master's node list, "" while the master has none. */
  private String incarnationOfNodeB() {
    try {
      return Stack.json(Stack.get(api().url("nodes")).body()).asJsonArray().stream()
          .map(JsonValue::asJsonObject)
          .filter(n -> n.getString("nodeId").equals("node-b"))
          .map(n -> n.getString("incarnation", ""))
          .findFirst()
          .orElse("");
    } catch (Exception e) {
      return "";
    }
  }

  /**
   * Starts Payara Micro again with {@code node}'s command line (the same node id, broker and WAR)
   * on another HTTP port, logging to target/.
   */
  private static Process restart(ProcessHandle node) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(node.info().command().orElseThrow());
    String[] args = node.info().arguments().orElseThrow();
    for (int i = 0; i < args.length; i++) {
      command.add(args[i]);
      if (args[i].equals("--port")) {
        command.add("18183");
        i++;
      }
    }
    assertTrue(command.contains("18183"), "node-b's command names its port: " + command);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(Path.of("target", "node-b-restarted.log").toFile())
        .start();
  }
}
