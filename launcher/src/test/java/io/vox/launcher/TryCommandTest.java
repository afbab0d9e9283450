package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.demo.DemoServer;
import io.vox.demo.Nginx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vox try} against the demo API and nginx: the trace it prints and its exit codes. */
@Timeout(120)
class TryCommandTest {
  @TempDir static Path dir;
  private static DemoServer demo;
  private static Nginx nginx;

  @BeforeAll
  static void start() throws Exception {
    demo = DemoServer.start("127.0.0.1", 0, 0, 0);
    nginx = Nginx.start(dir.resolve("nginx"));
  }

  @AfterAll
  static void stop() {
    demo.close();
    nginx.close();
  }

  /** Runs {@code vox try} with {@code args} on a plan file of {@code json}: exit code, output. */
  private static Object[] vox(String json, String... args) throws Exception {
    Path plan = Files.createTempFile(dir, "plan", ".json");
    Files.writeString(plan, json);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String[] all = new String[args.length + 1];
    all[0] = plan.toString();
    System.arraycopy(args, 0, all, 1, args.length);
    int code = new CommandLine(new TryCommand(out)).execute(all);
    return new Object[] {code, bytes.toString(StandardCharsets.UTF_8)};
  }

  private static String demoPlan(String expectedStatus) {
    return """
        {"target": "http://127.0.0.1:%d", "users": 1000,
         "connect": [{"request": {"method": "POST", "url": "/api/login",
                      "json": {"user": "u${user}"},
                      "extract": [{"name": "token", "jsonPath": "$.token"}]}}],
         "actions": [
           {"name": "post", "steps": [{"request": {"method": "POST", "url": "/api/messages",
             "headers": {"Authorization": "Bearer ${token}"}, "json": {"text": "hi"},
             "checks": [{"status": %s}]}}]},
           {"name": "other", "steps": [{"think": {"ms": 5}}, {"request": {"url": "/api/me"}}]}]}
        """
        .formatted(demo.port(), expectedStatus);
  }

  @Test
  void printsEachRequestItsTimingsChecksAndExtractionsThenPasses() throws Exception {
    Object[] r = vox(demoPlan("201"), "--action", "post");
    String out = (String) r[1];
    assertEquals(0, r[0], out);
    assertTrue(out.contains("> POST http://127.0.0.1:" + demo.port() + "/api/login"), out);
    assertTrue(out.contains("> {\"user\":\"u0\"}"), "the request body: " + out);
    assertTrue(out.contains("< 200 in "), out);
    assertTrue(out.contains("new connection: dns"), out);
    assertTrue(out.contains("set  token = "), out);
    assertTrue(
        out.contains("> authorization: Bearer ") || out.contains("> Authorization: Bearer "), out);
    assertTrue(out.contains("ok   status 201"), out);
    assertTrue(out.contains("connect: 1 of 1 users connected"), out);
    assertTrue(out.contains("action 1 (post): 1 of 1 users passed"), out);
    assertTrue(!out.contains("action 2"), "--action runs only that action: " + out);
  }

  @Test
  void parametersComeFromTheCommandLineAndTheEnvironmentAndASecretIsNeverPrinted()
      throws Exception {
    String plan =
        """
        {"target": "http://127.0.0.1:%d", "users": 1,
         "params": {"who": {"default": "u7"}, "pw": {"secret": true}},
         "actions": [{"name": "login", "steps": [{"request": {"method": "POST",
           "url": "/api/login?pw=${param.pw}", "json": {"user": "${param.who}", "pw": "${param.pw}"},
           "checks": [{"status": 200}]}}]}]}
        """
            .formatted(demo.port());
    Path file = Files.createTempFile(dir, "plan", ".json");
    Files.writeString(file, plan);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TryCommand cmd = new TryCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    cmd.env = java.util.Map.of("VOX_PARAM_pw", "hunter22", "VOX_PARAM_who", "u8");
    int code = new CommandLine(cmd).execute(file.toString(), "--param", "who=u9");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertTrue(out.contains("> {\"user\":\"u9\",\"pw\":\"******\"}"), "--param wins: " + out);
    assertTrue(out.contains("/api/login?pw=****** "), "in the URL too: " + out);
    assertTrue(!out.contains("hunter"), out);

    Object[] undeclared = vox(plan, "--param", "pww=x");
    assertEquals(2, undeclared[0], (String) undeclared[1]);
    assertTrue(
        ((String) undeclared[1]).contains("declares no parameter pww"), (String) undeclared[1]);
  }

  @Test
  void aFailedCheckExitsOneAndSaysWhy() throws Exception {
    Object[] r = vox(demoPlan("200"), "--users", "2");
    String out = (String) r[1];
    assertEquals(1, r[0], out);
    assertTrue(out.contains("FAIL status 201, expected 200"), out);
    assertTrue(out.contains("action 1 (post): 0 of 2 users passed; user "), out);
    assertTrue(out.contains("[user 1, action 2] think 5 ms"), out);
  }

  @Test
  void aBadPlanExitsTwoNamingTheField() throws Exception {
    Object[] r = vox("{\"target\": \"ftp://x\", \"users\": 0, \"actions\": []}");
    String out = (String) r[1];
    assertEquals(2, r[0], out);
    assertTrue(out.contains("/users: must be at least 1"), out);
    assertTrue(out.contains("/target: must be an http:// or https:// URL"), out);
    Object[] unknown = vox(demoPlan("201"), "--action", "nope");
    assertEquals(2, unknown[0], (String) unknown[1]);
    assertTrue(((String) unknown[1]).contains("no action named nope"), (String) unknown[1]);
  }

  @Test
  void anHttpsPlanShowsTheNegotiatedProtocolAndTheHandshake() throws Exception {
    Files.copy(nginx.certificates().ca(), dir.resolve("ca.pem"));
    String plan =
        """
        {"target": "https://shop.test:%d", "users": 1, "hosts": {"shop.test": "127.0.0.1"},
         "tls": {"caFile": "ca.pem"},
         "actions": [{"steps": [{"request": {"url": "/r/a",
           "checks": [{"jsonPath": "$.redirected", "equals": "done"}]}}]}]}
        """
            .formatted(nginx.httpsPort());
    Object[] r = vox(plan);
    String out = (String) r[1];
    assertEquals(0, r[0], out);
    assertTrue(
        out.contains("> GET https://shop.test:" + nginx.httpsPort() + "/r/a  (HTTP/2)"), out);
    assertTrue(out.contains("redirect to /r/b"), out);
    assertTrue(out.contains("< 200 in "), out);
    assertTrue(out.contains(", tls "), out);
    assertTrue(out.contains("ok   $.redirected is done"), out);
  }
}
