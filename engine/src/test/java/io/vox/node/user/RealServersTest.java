package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vox.demo.Nginx;
import io.vox.messaging.NodeReady;
import io.vox.messaging.NodeSlice;
import io.vox.messaging.RunAction;
import io.vox.messaging.StartRun;
import io.vox.messaging.UserResult;
import io.vox.messaging.scenario.Action;
import io.vox.messaging.scenario.Check;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Scenario;
import io.vox.messaging.scenario.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node's HTTP client against a real third-party server (Debian's nginx) over TLS 1.2 and 1.3,
 * HTTP/1.1 and HTTP/2: certificates, names, redirects, compression, large bodies, and each way a
 * connection can fail, as the per-user error a plan author reads.
 */
class RealServersTest {
  private static final int V = io.vox.messaging.Message.SCHEMA_VERSION;
  private static final String NAME = "shop.test";
  private static final AtomicLong RUNS = new AtomicLong();
  @TempDir static Path dir;
  private static Nginx nginx;
  private static String ca;

  private TestNode node;

  @BeforeAll
  static void startNginx() throws Exception {
    nginx = Nginx.start(dir);
    ca = Files.readString(nginx.certificates().ca());
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) {
      nginx.close();
    }
  }

  @BeforeEach
  void start() {
    node = new TestNode(2, 8);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static Step get(String url, Check... checks) {
    return step("GET", url, null, true, checks);
  }

  static Step step(String method, String url, String body, boolean follow, Check... checks) {
    return step(method, url, Map.of(), body, follow, checks);
  }

  static Step step(
      String method,
      String url,
      Map<String, String> headers,
      String body,
      boolean follow,
      Check... checks) {
    return new Step(
        new Request(
            null, method, url, headers, body, List.of(checks), List.of(), follow, null, null, null),
        null,
        null,
        null);
  }

  static Check json(String path, String value) {
    return new Check(null, path, value, null, null);
  }

  static Check status(int code) {
    return new Check(code, null, null, null, null);
  }

  static Check contains(String text) {
    return new Check(null, null, null, text, null);
  }

  /** Trusts the test CA and maps shop.test to loopback. */
  static HttpOptions trusted(String version) {
    return options(version, caOnly(), HttpOptions.DEFAULT_MAX_BODY_BYTES);
  }

  /** Plan options of {@code version} and {@code tls}, shop.test on loopback. */
  static HttpOptions options(String version, HttpOptions.Tls tls, int maxBodyBytes) {
    return new HttpOptions(version, tls, Map.of(NAME, "127.0.0.1"), maxBodyBytes, null, true);
  }

  /** Trusts the test CA (besides the JVM's), nothing more. */
  static HttpOptions.Tls caOnly() {
    return new HttpOptions.Tls(ca, false, List.of(), List.of(), null, null, null, null);
  }

  static String https(int port) {
    return "https://" + NAME + ":" + port;
  }

  /** Runs one action of {@code steps} for {@code users} users and returns their results. */
  private List<UserResult> run(String target, HttpOptions http, int users, Step... steps)
      throws InterruptedException {
    Scenario s =
        new Scenario(
            List.of(),
            List.of(new Action("a", 1, List.of(steps), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
            List.of(),
            0,
            0,
            http,
            List.of());
    return run(target, s, users);
  }

  /** Runs the first action of {@code s} for {@code users} users and returns their results. */
  private List<UserResult> run(String target, Scenario s, int users) throws InterruptedException {
    long id = RUNS.incrementAndGet();
    node.batches.clear();
    node.engine.handle(
        new StartRun(
            V, id, target, 5000, s, List.of(new NodeSlice("n1", 0, users)), java.util.Map.of()));
    assertEquals(new NodeReady(V, id, "n1", users, 0, ""), node.events.poll(20, TimeUnit.SECONDS));
    node.engine.handle(new RunAction(V, id, 1, 0));
    return node.results(users);
  }

  private UserResult one(String target, HttpOptions http, Step... steps)
      throws InterruptedException {
    List<UserResult> results = run(target, http, 1, steps);
    assertEquals(1, results.size());
    return results.get(0);
  }

  private static void assertOk(List<UserResult> results) {
    assertTrue(results.stream().allMatch(UserResult::ok), results.toString());
  }

  private static void assertError(UserResult r, String part) {
    assertTrue(
        r.error() != null && r.error().contains(part), "error should say " + part + ": " + r);
  }

  @ParameterizedTest(name = "http={0}")
  @ValueSource(strings = {"auto", "2", "1.1"})
  void httpsWithTheVersionAlpnAgreesOn(String version) throws Exception {
    String expected = version.equals("1.1") ? "HTTP/1.1" : "HTTP/2.0";
    assertOk(
        run(
            https(nginx.httpsPort()),
            trusted(version),
            20,
            get("/proto", json("$.proto", expected), json("$.scheme", "https"))));
  }

  @Test
  void autoFallsBackToHttp11WhenTheServerOffersNoHttp2() throws Exception {
    assertOk(
        run(
            https(nginx.http11TlsPort()),
            trusted("auto"),
            10,
            get("/proto", json("$.proto", "HTTP/1.1"))));
    UserResult forced = one(https(nginx.http11TlsPort()), trusted("2"), get("/api/ping"));
    assertError(forced, "does not speak HTTP/2");
  }

  @Test
  void tls12IsSpokenAndAVersionTheServerRefusesFailsTheHandshake() throws Exception {
    assertOk(run(https(nginx.tls12Port()), trusted("auto"), 5, get("/api/ping")));
    HttpOptions only12 =
        options(
            "auto",
            new HttpOptions.Tls(ca, false, List.of("TLSv1.2"), List.of(), null, null, null, null),
            1 << 20);
    UserResult r = one(https(nginx.httpsPort()), only12, get("/api/ping"));
    assertError(
        r,
        "TLS handshake with "
            + NAME
            + ":"
            + nginx.httpsPort()
            + " failed: no TLS version in common with the server (offered: TLSv1.2)");
  }

  @Test
  void anUntrustedCertificateFailsUnlessInsecure() throws Exception {
    UserResult r = one(https(nginx.untrustedPort()), trusted("auto"), get("/api/ping"));
    assertError(r, "failed: certificate not accepted: PKIX path building failed");
    HttpOptions insecure =
        options(
            "auto",
            new HttpOptions.Tls(null, true, List.of(), List.of(), null, null, null, null),
            1000);
    assertOk(run(https(nginx.untrustedPort()), insecure, 3, get("/api/ping")));
  }

  @Test
  void withoutTheCaTheJvmTrustStoreRefusesTheTestCa() throws Exception {
    HttpOptions jvmOnly = options("auto", HttpOptions.Tls.DEFAULT, 1000);
    assertError(
        one(https(nginx.httpsPort()), jvmOnly, get("/api/ping")), "certificate not accepted");
  }

  @Test
  void aCertificateForAnotherNameFails() throws Exception {
    UserResult r = one(https(nginx.wrongNamePort()), trusted("auto"), get("/api/ping"));
    assertError(r, "No subject alternative DNS name matching shop.test");
  }

  @Test
  void aChainThatPassedForOneNameIsCheckedAgainForAnother() throws Exception {
    // the same server, certificate and run: the chain verified for shop.test is remembered
    // (VerifiedChains), and must not let other.test through on its strength
    HttpOptions twoNames =
        new HttpOptions(
            "auto",
            caOnly(),
            Map.of(NAME, "127.0.0.1", "other.test", "127.0.0.1"),
            HttpOptions.DEFAULT_MAX_BODY_BYTES,
            null,
            true);
    String other = "https://other.test:" + nginx.httpsPort() + "/api/ping";
    UserResult r =
        one(
            https(nginx.httpsPort()),
            twoNames,
            get("/api/ping", status(200)),
            get("/api/ping", status(200)),
            get(other));
    assertError(r, "No subject alternative DNS name matching other.test");
  }

  @Test
  void anUnknownHostAndARefusedConnectionAreErrorsWithTheReason() throws Exception {
    UserResult unknown =
        one("https://no-such-host.invalid:" + nginx.httpsPort(), trusted("auto"), get("/x"));
    assertError(
        unknown, "connect to no-such-host.invalid:" + nginx.httpsPort() + " failed: unknown host");
    int dead;
    try (var s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    UserResult refused = one(https(dead), trusted("auto"), get("/x"));
    assertError(refused, "connect to " + NAME + ":" + dead + " failed: connection refused");
  }

  @Test
  void redirectsAreFollowedWithTheirMethodRulesAndCookies() throws Exception {
    String target = https(nginx.httpsPort());
    HttpOptions http = trusted("auto");
    UserResult chain = one(target, http, get("/r/a", json("$.redirected", "done")));
    assertTrue(chain.ok(), chain.toString());
    assertEquals(200, chain.status());
    UserResult post = one(target, http, step("POST", "/r/a", "{}", true, json("$.method", "GET")));
    assertTrue(post.ok(), "a 302 turns a POST into a GET: " + post);
    for (String keep : List.of("/r/307", "/r/308")) {
      UserResult r = one(target, http, step("POST", keep, "{}", true, json("$.method", "POST")));
      assertTrue(r.ok(), keep + " keeps the method: " + r);
    }
    UserResult cookie = one(target, http, get("/r/cookie", json("$.cookie", "ok")));
    assertTrue(cookie.ok(), "the cookie set by the redirect goes to its target: " + cookie);
    String plain = "http://127.0.0.1:" + nginx.httpPort();
    UserResult otherHost =
        one(
            plain,
            http,
            get("/r/cookie", json("$.cookie", "ok")),
            get(target + "/r/needs-cookie", status(403)));
    assertTrue(otherHost.ok(), "a cookie of 127.0.0.1 is not sent to shop.test: " + otherHost);
    UserResult notFollowed = one(target, http, step("GET", "/r/a", null, false, status(302)));
    assertTrue(notFollowed.ok(), notFollowed.toString());
  }

  @ParameterizedTest(name = "http={0}")
  @ValueSource(strings = {"1.1", "2"})
  void formMultipartAndRawBodiesGoOutWithTheirContentType(String version) throws Exception {
    String target = https(nginx.httpsPort());
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("user", "u${user}");
    fields.put("note", "a & b=");
    String encoded = "user=u0&note=a+%26+b%3D";
    Step form =
        new Step(
            new Request(
                null,
                "POST",
                "/echo",
                Map.of(),
                null,
                List.of(
                    json("$.ct", "application/x-www-form-urlencoded"),
                    json("$.len", Integer.toString(encoded.length()))),
                List.of(),
                true,
                fields,
                null,
                null),
            null,
            null,
            null);
    byte[] file = {(byte) 0xff, (byte) 0xd8, 0, 1, 2};
    String b64 = java.util.Base64.getEncoder().encodeToString(file);
    String b = "x".repeat(20); // "vox-" and 16 hex digits
    int multipartLength =
        ("--" + b + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nt0\r\n").length()
            + ("--"
                    + b
                    + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n")
                .length()
            + file.length
            + 2
            + ("--" + b + "--\r\n").length();
    Step multipart =
        new Step(
            new Request(
                null,
                "POST",
                "/echo",
                Map.of(),
                null,
                List.of(
                    contains("\"ct\":\"multipart/form-data; boundary=vox-"),
                    json("$.len", Integer.toString(multipartLength))),
                List.of(),
                true,
                null,
                List.of(
                    new io.vox.messaging.scenario.Part("title", "t${user}", null, null, null),
                    new io.vox.messaging.scenario.Part("photo", null, b64, "p.bin", null)),
                null),
            null,
            null,
            null);
    Step raw =
        new Step(
            new Request(
                null,
                "PUT",
                "/echo",
                Map.of(),
                null,
                List.of(json("$.ct", "application/octet-stream"), json("$.len", "5")),
                List.of(),
                true,
                null,
                null,
                b64),
            null,
            null,
            null);
    assertOk(run(target, trusted(version), 1, form, multipart, raw));
  }

  @ParameterizedTest(name = "http={0}")
  @ValueSource(strings = {"1.1", "2"})
  void aHeaderValueWithALineBreakFailsThatRequestOnly(String version) throws Exception {
    Scenario s =
        new Scenario(
            List.of(),
            List.of(
                new Action(
                    "a",
                    1,
                    List.of(
                        new Step(
                            new Request(
                                null,
                                "GET",
                                "/api/ping",
                                Map.of("X-Note", "${f.v}"),
                                null,
                                List.of(),
                                List.of(),
                                true,
                                null,
                                null,
                                null),
                            null,
                            null,
                            null)),
                    "auto",
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    null,
                    null)),
            List.of(
                new io.vox.messaging.scenario.Feeder(
                    "f", "circular", List.of("v"), List.of(List.of("a\r\nX-Injected: 1")))),
            0,
            0,
            trusted(version),
            List.of());
    List<UserResult> results = run(https(nginx.httpsPort()), s, 3);
    for (UserResult r : results) {
      assertError(r, "cannot send the request");
    }
    assertOk(run(https(nginx.httpsPort()), trusted(version), 3, get("/api/ping")));
  }

  @Test
  void aClientCertificateAsPemOrPkcs12IsShownToAServerThatAsks() throws Exception {
    String target = https(nginx.mtlsPort());
    UserResult none = one(target, trusted("auto"), get("/whoami"));
    assertError(none, "HTTP 400"); // nginx: "No required SSL certificate was sent"
    var certs = nginx.certificates();
    HttpOptions pem =
        new HttpOptions(
            "auto",
            new HttpOptions.Tls(
                ca,
                false,
                List.of(),
                List.of(),
                Files.readString(certs.client()),
                Files.readString(certs.clientKey()),
                null,
                null),
            Map.of(NAME, "127.0.0.1"),
            1000,
            null,
            true);
    Check verified = json("$.verified", "SUCCESS");
    Check who = json("$.client", "CN=vox-client");
    assertOk(run(target, pem, 3, get("/whoami", verified, who)));
    HttpOptions p12 =
        new HttpOptions(
            "1.1",
            new HttpOptions.Tls(
                ca,
                false,
                List.of(),
                List.of(),
                null,
                null,
                java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(certs.clientP12())),
                io.vox.demo.Certificates.CLIENT_PASSWORD),
            Map.of(NAME, "127.0.0.1"),
            1000,
            null,
            true);
    assertOk(run(target, p12, 3, get("/whoami", verified, who)));
  }

  @Test
  void aRedirectLoopEndsWithAClearError() throws Exception {
    UserResult r = one(https(nginx.httpsPort()), trusted("auto"), get("/loop/a"));
    assertError(r, "more than 10 redirects");
  }

  @Test
  void aRedirectAndAnAbsoluteUrlReachAnotherOrigin() throws Exception {
    String plain = "http://127.0.0.1:" + nginx.httpPort();
    assertOk(run(plain, trusted("auto"), 5, get("/r/abs", json("$.redirected", "done"))));
    assertOk(
        run(
            plain,
            trusted("auto"),
            5,
            get("/api/ping", json("$.pong", "true")),
            get(https(nginx.httpsPort()) + "/proto", json("$.proto", "HTTP/2.0"))));
  }

  @ParameterizedTest(name = "http={0}")
  @ValueSource(strings = {"1.1", "2"})
  void gzipBodiesAreDecodedBeforeTheChecks(String version) throws Exception {
    assertOk(
        run(
            https(nginx.httpsPort()),
            trusted(version),
            5,
            new Step(
                new Request(
                    null,
                    "GET",
                    "/gzip.json",
                    Map.of(),
                    null,
                    List.of(json("$.compressed", "yes")),
                    // fails when the response was not compressed
                    List.of(
                        new io.vox.messaging.scenario.Extract(
                            "enc", null, "Content-Encoding", null)),
                    true,
                    null,
                    null,
                    null),
                null,
                null,
                null)));
  }

  @ParameterizedTest(name = "http={0}")
  @ValueSource(strings = {"1.1", "2"})
  void aBodyOverTheLimitFailsTheCheckThatNeedsItAndOnlyThat(String version) throws Exception {
    String target = https(nginx.httpsPort());
    assertOk(run(target, trusted(version), 2, get("/big.txt", contains(Nginx.BIG_TXT_LAST_LINE))));
    assertOk(run(target, trusted(version), 2, get("/big.txt", status(200))));
    HttpOptions small = options(version, caOnly(), 1000);
    UserResult r = one(target, small, get("/big.txt", contains(Nginx.BIG_TXT_LAST_LINE)));
    assertError(r, "over maxBodyBytes 1000");
    assertEquals(200, r.status());
  }

  @Test
  void aStatusCheckAloneNeverKeepsTheBody() throws Exception {
    HttpOptions tiny = options("auto", caOnly(), 1);
    assertOk(run(https(nginx.httpsPort()), tiny, 2, get("/big.txt")));
  }

  @Test
  void hostsSpreadsNewConnectionsOverItsAddresses() throws Exception {
    HttpOptions two =
        new HttpOptions("1.1", caOnly(), Map.of(NAME, "127.0.0.1,127.0.0.2"), 1000, null, true);
    List<UserResult> results =
        run(https(nginx.httpsPort()), two, 20, get("/peer", json("$.server", "127.0.0.1")));
    long first = results.stream().filter(UserResult::ok).count();
    long second =
        results.stream()
            .filter(r -> r.error() != null && r.error().contains("is 127.0.0.2, expected"))
            .count();
    assertTrue(first > 0 && second > 0 && first + second == 20, results.toString());
  }

  @Test
  void noCheckIsNeededForA404ToFail() throws Exception {
    UserResult r = one(https(nginx.httpsPort()), trusted("auto"), get("/status/404"));
    assertError(r, "HTTP 404");
  }

  @Test
  void throughAProxyTlsGoesInATunnelAndCleartextInAbsoluteForm(@TempDir Path tmp) throws Exception {
    int port;
    try (io.vox.demo.Tinyproxy proxy = io.vox.demo.Tinyproxy.start(tmp.resolve("proxy"))) {
      port = proxy.port();
      String url =
          "http://"
              + io.vox.demo.Tinyproxy.USER
              + ":"
              + io.vox.demo.Tinyproxy.PASSWORD
              + "@127.0.0.1:"
              + port;
      for (String version : List.of("auto", "1.1")) {
        String proto = version.equals("auto") ? "HTTP/2.0" : "HTTP/1.1";
        assertOk(
            run(
                https(nginx.httpsPort()),
                viaProxy(trusted(version), url),
                3,
                get("/proto", json("$.scheme", "https"), json("$.proto", proto))));
      }
      String plain = "http://127.0.0.1:" + nginx.httpPort();
      List<String> traced = new java.util.concurrent.CopyOnWriteArrayList<>();
      node.engine.trace(
          new Tracer() {
            @Override
            public void request(
                long user, int action, String step, HttpLane.HttpResult r, List<String> out) {
              traced.addAll(r.trace().requestHeaders());
            }

            @Override
            public void note(long user, int action, String text) {}
          });
      assertOk(run(plain, viaProxy(trusted("1.1"), url), 3, get("/api/ping", status(200))));
      assertTrue(
          traced.stream().noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).contains("proxy")),
          "the proxy's credentials stay out of a trace: " + traced);
      assertTrue(traced.contains("host: 127.0.0.1:" + nginx.httpPort()), traced.toString());
      node.engine.trace(null);
      // through the tunnel the certificate is still checked against the URL's name
      assertError(
          one(
              "https://" + NAME + ":" + nginx.wrongNamePort(),
              viaProxy(trusted("auto"), url),
              get("/api/ping")),
          "TLS handshake with shop.test:" + nginx.wrongNamePort() + " failed");
      // a mapped name in cleartext: a tunnel to its address, not a request the proxy resolves
      assertOk(
          run(
              "http://" + NAME + ":" + nginx.httpPort(),
              viaProxy(trusted("1.1"), url),
              2,
              get("/api/ping", status(200))));
      String log = proxy.log();
      // shop.test is mapped by hosts: the proxy is given its address, SNI still names it
      assertTrue(log.contains("CONNECT 127.0.0.1:" + nginx.httpsPort()), log);
      assertTrue(log.contains("GET " + plain + "/api/ping HTTP/1.1"), log);
      assertTrue(log.contains("CONNECT 127.0.0.1:" + nginx.httpPort()), log);

      String wrong = "http://vox:wrong@127.0.0.1:" + port;
      // tinyproxy answers wrong credentials 401 (none: 407), a CONNECT as a request
      assertError(
          one(https(nginx.httpsPort()), viaProxy(trusted("auto"), wrong), get("/api/ping")),
          "proxy 127.0.0.1:"
              + port
              + " did not open a tunnel to shop.test:"
              + nginx.httpsPort()
              + ": it answered 401");
      assertError(one(plain, viaProxy(trusted("1.1"), wrong), get("/api/ping")), "HTTP 401");
    }
    UserResult gone =
        one(
            https(nginx.httpsPort()),
            viaProxy(trusted("auto"), "http://127.0.0.1:" + port),
            get("/api/ping"));
    assertError(gone, "connect to proxy 127.0.0.1:" + port + " failed: connection refused");
  }

  private static HttpOptions viaProxy(HttpOptions o, String proxy) {
    return new HttpOptions(
        o.version(), o.tls(), o.hosts(), o.maxBodyBytes(), proxy, o.preconnect());
  }

  @Test
  void everyNewConnectionIsAFullHandshakeAsANewUsersWouldBe() throws Exception {
    // the JDK's engine keeps its own session cache (docs/PLANS.md says so)
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.vox.node.http.Tls.provider().equals("openssl"), "TLS through OpenSSL");
    // nginx offers TLS 1.3 session tickets: a client that kept them would resume the later
    // connections, a cheaper handshake than the new users it simulates would pay
    Step closing =
        step("GET", "/reused", Map.of("Connection", "close"), null, true, json("$.reused", "."));
    assertOk(run(https(nginx.httpsPort()), trusted("1.1"), 5, closing, closing, closing));
  }

  @Test
  void eachUserPresentsTheClientCertificateOfItsFeederRow() throws Exception {
    var certs = nginx.certificates();
    List<List<String>> rows = new java.util.ArrayList<>();
    for (int i = 0; i < io.vox.demo.Certificates.USERS; i++) {
      rows.add(
          List.of(
              java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(certs.userP12(i))),
              i == 1 ? "wrong" : io.vox.demo.Certificates.CLIENT_PASSWORD));
    }
    HttpOptions perUser =
        new HttpOptions(
            "auto",
            new HttpOptions.Tls(
                ca, false, List.of(), List.of(), null, null, "${id.p12}", "${id.password}"),
            Map.of(NAME, "127.0.0.1"),
            1000,
            null,
            true);
    Step who = get("/whoami", json("$.client", "CN=vox-user-${user}"));
    List<UserResult> results =
        run(
            "https://" + NAME + ":" + nginx.mtlsPort(),
            new Scenario(
                List.of(),
                List.of(
                    new Action(
                        "a", 1, List.of(who, who), "auto", 0, 0, 0, 0, 0, 0, 0, 0, null, null)),
                List.of(
                    new io.vox.messaging.scenario.Feeder(
                        "id", "circular", List.of("p12", "password"), rows)),
                0,
                1, // one connection per lane and origin, were identities not kept apart
                perUser,
                List.of()),
            io.vox.demo.Certificates.USERS);
    results = new java.util.ArrayList<>(results);
    results.sort(java.util.Comparator.comparingLong(UserResult::user));
    assertTrue(results.get(0).ok(), results.toString());
    assertTrue(results.get(2).ok(), results.toString());
    // user 1's row has a wrong password: its own error, the others unaffected
    assertError(results.get(1), "TLS client certificate of this user not usable");
  }
}
