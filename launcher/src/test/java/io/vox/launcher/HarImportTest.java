package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.master.plan.PlanReader;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The import of docs/plans/demo-shop.har, recorded by headless Chromium (Playwright's recordHar,
 * docs/plans/record-har.js) using the demo API as a single-page app: log in, read the feed and its
 * items with the token, post a message, read the profile by its session cookie.
 */
class HarImportTest {
  private static final Path HAR = Path.of("..", "docs", "plans", "demo-shop.har");

  private static List<JsonObject> requests(JsonObject plan) {
    return plan
        .getJsonArray("actions")
        .getJsonObject(0)
        .getJsonArray("steps")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(s -> s.containsKey("request"))
        .map(s -> s.getJsonObject("request"))
        .toList();
  }

  @Test
  void aBrowsersRecordingBecomesAPlanThatSendsTheTokenItGot() throws Exception {
    HarImport.Result r =
        HarImport.convert(
            Files.readString(HAR),
            new HarImport.Options("shop", 3, List.of(), false, "http://127.0.0.1:9"));
    JsonObject plan = r.plan();
    assertEquals("http://127.0.0.1:9", plan.getString("target"));
    List<JsonObject> req = requests(plan);
    assertEquals(
        List.of(
            "GET /api/ping",
            "POST /api/login",
            "GET /api/feed",
            "GET /api/items/1",
            "GET /api/items/2",
            "POST /api/messages",
            "GET /api/me"),
        req.stream().map(q -> q.getString("method") + " " + q.getString("url")).toList());
    JsonObject login = req.get(1);
    assertEquals("shopper-1", login.getJsonObject("json").getString("user"), "the body as JSON");
    assertEquals(
        "{\"name\":\"token\",\"jsonPath\":\"$.token\"}",
        login.getJsonArray("extract").getJsonObject(0).toString(),
        "the token the login gave is extracted");
    assertEquals("Bearer ${token}", req.get(2).getJsonObject("headers").getString("Authorization"));
    assertEquals("Bearer ${token}", req.get(5).getJsonObject("headers").getString("Authorization"));
    assertTrue(
        !req.get(6).containsKey("headers"),
        "no Cookie, User-Agent, Sec-* or Accept */*: the engine's cookie jar sends the session");
    assertEquals("[{\"status\":201}]", req.get(5).getJsonArray("checks").toString());
    // the recording paused 400 ms after the login and 700 ms before the message
    List<JsonObject> steps =
        plan.getJsonArray("actions")
            .getJsonObject(0)
            .getJsonArray("steps")
            .getValuesAs(JsonObject.class);
    assertTrue(steps.get(2).containsKey("think"), steps.toString());
    long think = steps.get(2).getJsonObject("think").getJsonNumber("ms").longValue();
    assertTrue(think >= 300 && think <= 500, "think after the login: " + think);
    new PlanReader().read(plan.toString()); // the master takes it
    assertTrue(
        r.notes().stream().anyMatch(n -> n.contains("extracted as ${token}")),
        r.notes().toString());
  }

  @Test
  void assetsAndOtherHostsAreLeftOutUnlessAskedFor() {
    String har =
        """
        {"log": {"entries": [
          %s, %s, %s, %s]}}
        """
            .formatted(
                entry("GET", "https://shop.test/", "document", "text/html", 200),
                entry("GET", "https://shop.test/app.js", "script", "application/javascript", 200),
                entry("GET", "https://cdn.test/logo.png", "image", "image/png", 200),
                entry("GET", "https://shop.test/api/cart", "fetch", "application/json", 200));
    HarImport.Result r =
        HarImport.convert(har, new HarImport.Options("x", 1, List.of(), false, null));
    assertEquals(
        List.of("/", "/api/cart"),
        requests(r.plan()).stream().map(q -> q.getString("url")).toList());
    assertEquals("https://shop.test", r.plan().getString("target"));
    assertTrue(r.notes().contains("left out 1 static asset request(s) (--assets keeps them)"));
    assertTrue(
        r.notes().contains("left out 1 request(s) to cdn.test (--host cdn.test keeps them)"),
        r.notes().toString());
    HarImport.Result all =
        HarImport.convert(
            har, new HarImport.Options("x", 1, List.of("shop.test", "cdn.test"), true, null));
    assertEquals(
        List.of("/", "/app.js", "https://cdn.test/logo.png", "/api/cart"),
        requests(all.plan()).stream().map(q -> q.getString("url")).toList());
  }

  @Test
  void aRedirectIsOneStepCheckedByItsFinalStatus() {
    String har =
        """
        {"log": {"entries": [%s, %s]}}
        """
            .formatted(
                entry("POST", "https://shop.test/login", "document", "text/html", 302)
                    .replace("\"redirectURL\": \"\"", "\"redirectURL\": \"/home\""),
                entry("GET", "https://shop.test/home", "document", "text/html", 200));
    List<JsonObject> req =
        requests(
            HarImport.convert(har, new HarImport.Options("x", 1, List.of(), false, null)).plan());
    assertEquals(1, req.size(), "the engine follows the redirect itself");
    assertEquals("[{\"status\":200}]", req.get(0).getJsonArray("checks").toString());
  }

  @Test
  void aMessyRecordingStillMakesAValidPlan() {
    String login =
        entry("POST", "http://api_gw:8080/login", "fetch", "application/json", 200)
            .replace("2026-12-07T08:00:00.000Z", "2026-12-07T08:00:01.000Z")
            .replace(
                "\"content\": {\"mimeType\": \"application/json\"}",
                "\"content\": {\"mimeType\": \"application/json\", \"text\":"
                    + " \"{\\\"user\\\": \\\"alice-the-buyer\\\"}\"}");
    String search =
        entry("GET", "http://api_gw:8080/search?q=a|b&who=alice-the-buyer#top", "fetch", "x", 200)
            .replace("2026-12-07T08:00:00.000Z", "2026-12-07T08:00:02.000Z")
            .replace(
                "\"headers\": []",
                "\"headers\": [{\"name\": \"X-A\", \"value\": \"1\"},"
                    + " {\"name\": \"x-a\", \"value\": \"2\"}]");
    String form =
        entry("POST", "http://api_gw:8080/cart", "fetch", "text/html", 307)
            .replace("2026-12-07T08:00:00.000Z", "2026-12-07T08:00:03.000Z")
            .replace("\"redirectURL\": \"\"", "\"redirectURL\": \"/cart2\"")
            .replace(
                "\"headers\": []",
                "\"headers\": [], \"postData\": {\"mimeType\":"
                    + " \"application/x-www-form-urlencoded\", \"text\": \"a=1&a=2\"}");
    String hop =
        entry("POST", "http://api_gw:8080/cart2", "fetch", "text/html", 201)
            .replace("2026-12-07T08:00:00.000Z", "2026-12-07T08:00:03.010Z");
    // out of order, as a HAR may be: sorted by start
    String har = "{\"log\": {\"entries\": [%s, %s, %s, %s]}}".formatted(hop, form, search, login);
    HarImport.Result r =
        HarImport.convert(
            har, new HarImport.Options("messy", 1, List.of(), false, "http://127.0.0.1:9"));
    List<JsonObject> req = requests(r.plan());
    assertEquals(
        List.of("/login", "/search?q=a|b&who=${user2}", "/cart"),
        req.stream().map(q -> q.getString("url")).toList(),
        "sorted, the fragment gone, the value reused under a name the plan does not keep");
    assertEquals("1, 2", req.get(1).getJsonObject("headers").getString("X-A"), "one name once");
    assertEquals("a=1&a=2", req.get(2).getString("body"), "a repeated field as the recorded text");
    assertEquals(
        "[{\"status\":201}]", req.get(2).getJsonArray("checks").toString(), "307 kept POST");
    new PlanReader().read(r.plan().toString());
  }

  @Test
  void aLongRecordingIsSplitIntoActionsOfAtMostAHundredSteps() {
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      entries
          .append(i == 0 ? "" : ",")
          .append(entry("GET", "https://shop.test/api/" + i, "fetch", "application/json", 200));
    }
    JsonObject plan =
        HarImport.convert(
                "{\"log\": {\"entries\": [" + entries + "]}}",
                new HarImport.Options("long", 1, List.of(), false, null))
            .plan();
    assertEquals(2, plan.getJsonArray("actions").size());
    assertEquals(100, plan.getJsonArray("actions").getJsonObject(0).getJsonArray("steps").size());
    new PlanReader().read(plan.toString());
  }

  @Test
  void aValueIsReusedOnlyAsAWholeWord() {
    assertTrue(HarImport.contains("Bearer abcdefgh12", "abcdefgh12"));
    assertTrue(!HarImport.contains("/shop/clothing-sale", "clothin"));
    assertTrue(HarImport.contains("/shop/clothing-sale", "clothing"));
    assertTrue(!HarImport.contains("xclothing", "clothing"));
  }

  private static String entry(String method, String url, String type, String mime, int status) {
    return """
        {"startedDateTime": "2026-12-07T08:00:00.000Z", "time": 5, "_resourceType": "%s",
         "request": {"method": "%s", "url": "%s", "headers": []},
         "response": {"status": %d, "redirectURL": "", "content": {"mimeType": "%s"}}}
        """
        .formatted(type, method, url, status, mime);
  }
}
