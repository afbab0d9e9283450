package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The master alone, as a browser and a forger would meet it: the pages' login (a session cookie)
 * reads the REST API but changes nothing through it, HTTP Basic does; failed logins are throttled
 * per name on REST and on the login page; the session cookie is SameSite and HttpOnly; a postback
 * with a made-up view state shows a stranger nothing. Only {@link #basicIsThrottled} logs in as the
 * viewer (it locks that name).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebSecurityIT {
  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]+)\"");

  @Deployment(testable = false)
  @TargetsContainer("master")
  static WebArchive master() {
    return MasterApi.war("master");
  }

  @ArquillianResource URL base;

  /** A browser of its own: keeps cookies, follows no redirect. */
  private final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private String api(String path) {
    return new MasterApi(base).url(path);
  }

  private String page(String path) {
    return api("").replaceFirst("api/$", "") + path;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts the login form as a browser does (its view state from {@code form}); the answer. */
  private HttpResponse<String> postLogin(String form, String user, String password)
      throws Exception {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("login", "login");
    fields.put("login:next", "");
    fields.put("login:user", user);
    fields.put("login:password", password);
    fields.put("login:submit", "");
    fields.put("jakarta.faces.ViewState", viewState(form));
    return send(
        HttpRequest.newBuilder(URI.create(page("login.xhtml")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
  }

  private static String viewState(String html) {
    Matcher m = VIEW_STATE.matcher(html);
    assertTrue(m.find(), "a view state in the page: " + html);
    return m.group(1);
  }

  private static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The JSESSIONID {@code Set-Cookie} of {@code r}, or "". */
  private static String sessionCookie(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElse("");
  }

  private static void assertSameSiteAndHttpOnly(String cookie) {
    assertTrue(cookie.matches("(?i).*;\\s*SameSite=Lax\\b.*"), "SameSite=Lax: " + cookie);
    assertTrue(cookie.matches("(?i).*;\\s*HttpOnly\\b.*"), "HttpOnly: " + cookie);
  }

  private long savedPlan(String name) throws Exception {
    String plan =
        "{\"name\": \""
            + name
            + "\", \"target\": \"http://127.0.0.1:"
            + ItStack.sut.port()
            + "\", \"users\": 1, \"actions\": [{\"steps\": [{\"request\": {\"url\": \"/api/ping\"}}]}]}";
    var created = Stack.post(api("plans"), plan);
    assertEquals(201, created.statusCode(), created.body());
    return Stack.json(created.body()).asJsonObject().getJsonNumber("id").longValue();
  }

  @Test
  void thePagesLoginReadsTheApiButChangesNothingThroughItBasicDoes() throws Exception {
    HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(page("login.xhtml"))));
    assertEquals(200, form.statusCode());
    assertSameSiteAndHttpOnly(sessionCookie(form));
    HttpResponse<String> in = postLogin(form.body(), "admin", ItStack.ADMIN_PASSWORD);
    assertEquals(302, in.statusCode(), in.body());
    String renewed = sessionCookie(in);
    assertFalse(renewed.isEmpty(), "a new session id after the login: " + in.headers().map());
    assertSameSiteAndHttpOnly(renewed);
    var runsPage = send(HttpRequest.newBuilder(URI.create(page("index.xhtml"))));
    assertEquals(200, runsPage.statusCode(), "the session opens the pages");
    assertEquals(200, send(HttpRequest.newBuilder(URI.create(api("runs")))).statusCode());

    String name = "csrf-" + System.nanoTime();
    long plan = savedPlan(name);
    // what a form on another site would send with the session cookie: start a run of the plan
    var forged =
        send(
            HttpRequest.newBuilder(URI.create(api("plans/" + plan + "/runs")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")));
    assertEquals(401, forged.statusCode(), forged.body());
    assertTrue(forged.body().startsWith("{\"errors\":["), forged.body());
    assertTrue(forged.body().contains("take HTTP Basic credentials"), forged.body());
    assertTrue(
        forged.headers().firstValue("WWW-Authenticate").isEmpty(),
        "no challenge: a browser would ask for a password and send the forged request again");
    var delete = send(HttpRequest.newBuilder(URI.create(api("plans/" + plan))).DELETE());
    assertEquals(401, delete.statusCode(), delete.body());
    assertEquals(0, Stack.count("SELECT COUNT(*) FROM vox_run WHERE name = ?", name));

    // Basic on the request itself (the session cookie goes along) is what changes things
    var started =
        send(
            HttpRequest.newBuilder(URI.create(api("plans/" + plan + "/runs")))
                .header("Authorization", Stack.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString("")));
    assertEquals(201, started.statusCode(), started.body());
    long run = Stack.json(started.body()).asJsonObject().getJsonNumber("id").longValue();
    assertEquals(202, Stack.post(api("runs/" + run + "/abort"), "").statusCode());
    var deleted =
        send(
            HttpRequest.newBuilder(URI.create(api("plans/" + plan)))
                .header("Authorization", Stack.ADMIN)
                .DELETE());
    assertEquals(204, deleted.statusCode(), deleted.body());
  }

  @Test
  void basicIsThrottled() throws Exception {
    String wrong = io.vox.launcher.MasterClient.basic("viewer", "not-the-password");
    for (int i = 1; i <= 5; i++) {
      var r = Stack.get(api("runs"), wrong);
      assertEquals(401, r.statusCode(), "failure " + i + ": " + r.body());
    }
    var sixth = Stack.get(api("runs"), wrong);
    assertEquals(429, sixth.statusCode(), sixth.body());
    assertTrue(sixth.body().startsWith("{\"errors\":["), sixth.body());
    assertTrue(sixth.body().contains("too many failed logins"), sixth.body());
    long retry = Long.parseLong(sixth.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retry >= 1 && retry <= 30, "Retry-After: " + retry);
    var right = Stack.get(api("runs"), Stack.VIEWER);
    assertEquals(429, right.statusCode(), "locked: even the right password is refused unchecked");
    assertEquals(200, Stack.get(api("runs"), Stack.ADMIN).statusCode(), "other names go on");
    String metrics = Stack.get(api("metrics")).body();
    assertTrue(metrics.matches("(?s).*\nvox_login_names_locked [1-9].*"), metrics);
    assertTrue(metrics.matches("(?s).*\nvox_logins_throttled_total [1-9].*"), metrics);
  }

  @Test
  void theLoginPageIsThrottledForAnUnknownNameAlike() throws Exception {
    String html = send(HttpRequest.newBuilder(URI.create(page("login.xhtml")))).body();
    for (int i = 1; i <= 5; i++) {
      var r = postLogin(html, "mallory", "guess-" + i);
      assertTrue(r.body().contains("Wrong user name or password."), "failure " + i + r.body());
      html = r.body();
    }
    var sixth = postLogin(html, "mallory", "guess-6");
    assertEquals(429, sixth.statusCode(), sixth.body());
    assertTrue(
        sixth.body().contains("Too many failed logins for this user name; try again in"),
        sixth.body());
  }

  @Test
  void aPostbackWithAMadeUpViewStateShowsAStrangerNothing() throws Exception {
    HttpClient stranger = HttpClient.newHttpClient(); // no session
    var r =
        stranger.send(
            HttpRequest.newBuilder(URI.create(page("login.xhtml")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "login=login&login%3Asubmit=&jakarta.faces.ViewState=-1%3A-2"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertFalse(r.body().contains("runs:table"), "no runs listed: " + r.body());
    assertFalse(r.body().contains("\tat "), "no stack trace: " + r.body());
    assertTrue(r.body().contains("The page you used had expired"), r.body());
  }
}
