package io.vox.node.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookiesTest {
  private static final String SHOP = "https://shop.test:8443/login";

  @Test
  void aCookieGoesBackOnlyToTheHostThatSetIt() {
    String[] jar = Cookies.update(null, List.of("sid=1; Path=/; HttpOnly"), SHOP);
    assertEquals("sid=1", Cookies.header(jar, "https://shop.test/cart"));
    assertEquals("sid=1", Cookies.header(jar, "http://SHOP.test:80/"), "any port or scheme");
    assertNull(Cookies.header(jar, "https://cdn.shop.test/a.js"), "not to a subdomain");
    assertNull(Cookies.header(jar, "https://other.test/"));
  }

  @Test
  void aDomainCookieGoesToTheDomainAndItsSubdomains() {
    String[] jar = Cookies.update(null, List.of("pref=a; Domain=.shop.test"), SHOP);
    assertEquals("pref=a", Cookies.header(jar, "https://cdn.shop.test/a.js"));
    assertEquals("pref=a", Cookies.header(jar, "https://shop.test/"));
    assertNull(Cookies.header(jar, "https://evilshop.test/"));
    assertNull(
        Cookies.update(null, List.of("x=1; Domain=other.test"), SHOP),
        "a foreign domain is ignored");
  }

  @Test
  void aSecureCookieOnlyGoesOverHttps() {
    String[] jar = Cookies.update(null, List.of("s=1; Secure", "p=2"), SHOP);
    assertEquals("s=1; p=2", Cookies.header(jar, "https://shop.test/"));
    assertEquals("p=2", Cookies.header(jar, "http://shop.test/"));
  }

  @Test
  void sameNameOnTwoHostsAreTwoCookiesAndMaxAgeZeroRemovesOne() {
    String[] jar = Cookies.update(null, List.of("sid=a"), "http://127.0.0.1:80/");
    jar = Cookies.update(jar, List.of("sid=b"), SHOP);
    assertEquals("sid=a", Cookies.header(jar, "http://127.0.0.1/"));
    assertEquals("sid=b", Cookies.header(jar, SHOP));
    jar = Cookies.update(jar, List.of("sid=\"c\""), SHOP);
    assertEquals("sid=c", Cookies.header(jar, SHOP), "replaced, unquoted");
    jar = Cookies.update(jar, List.of("sid=x; Max-Age=0"), SHOP);
    assertNull(Cookies.header(jar, SHOP));
    assertEquals("sid=a", Cookies.header(jar, "http://127.0.0.1/"));
    jar = Cookies.update(jar, List.of("sid=; Path=/"), "http://127.0.0.1/");
    assertNull(jar, "an empty value removes the last cookie: the jar is empty again");
  }

  @Test
  void hostsAreReadFromAnyAbsoluteUrl() {
    assertEquals("shop.test", Cookies.host("https://user@Shop.Test:8443/a?b"));
    assertEquals("::1", Cookies.host("http://[::1]:8080/"));
    assertEquals("127.0.0.1", Cookies.host("ws://127.0.0.1"));
  }
}
