package io.vox.node.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedirectsTest {
  private static final String BASE = "https://shop.test:8443/a/b?x=1";

  @Test
  void resolvesAsRfc3986Says() {
    assertEquals("https://shop.test:8443/a/c", Redirects.resolve(BASE, "c"));
    assertEquals("https://shop.test:8443/c", Redirects.resolve(BASE, "/c"));
    assertEquals("https://shop.test:8443/a/b?y=2", Redirects.resolve(BASE, "?y=2"));
    assertEquals("http://other.test/z", Redirects.resolve(BASE, "http://other.test/z"));
    assertEquals("https://cdn.test/z", Redirects.resolve(BASE, "//cdn.test/z"));
  }

  @Test
  void dropsTheFragmentAndEncodesWhatServersSendUnencoded() {
    assertEquals("https://shop.test:8443/a/c", Redirects.resolve(BASE, "c#top"));
    assertEquals("https://shop.test:8443/a/my%20file", Redirects.resolve(BASE, "my file"));
    assertEquals("https://shop.test:8443/caf%C3%A9", Redirects.resolve(BASE, "/café"));
  }

  @Test
  void refusesWhatIsNotAnHttpUrl() {
    assertNull(Redirects.resolve(BASE, "mailto:a@b"));
    assertNull(Redirects.resolve(BASE, "http://[bad"));
  }
}
