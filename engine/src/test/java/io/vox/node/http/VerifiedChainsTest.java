package io.vox.node.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vox.demo.Certificates;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedChainsTest {
  private static final String AUTH = "ECDHE_ECDSA";

  @Test
  void aChainIsCheckedOnceForAHostThenAgainForAnotherHostOrAnotherChain(@TempDir Path dir)
      throws Exception {
    Certificates certs = Certificates.make(dir);
    X509Certificate[] chain = {read(certs.leaf()), read(certs.ca())};
    X509Certificate[] other = {read(certs.wrongName()), read(certs.ca())};
    Checks checks = new Checks("localhost");
    VerifiedChains trust = new VerifiedChains(checks);

    for (int i = 0; i < 5; i++) {
      trust.checkServerTrusted(copy(chain), AUTH, engine("localhost"));
    }
    assertEquals(List.of("localhost"), checks.hosts, "one check for five handshakes");

    // the same bytes for a name the check refuses: checked, and refused each time
    for (int i = 0; i < 2; i++) {
      assertThrows(
          CertificateException.class,
          () -> trust.checkServerTrusted(copy(chain), AUTH, engine("shop.test")));
    }
    trust.checkServerTrusted(copy(other), AUTH, engine("localhost"));
    trust.checkServerTrusted(copy(chain), "ECDHE_RSA", engine("localhost"));
    assertEquals(
        List.of("localhost", "shop.test", "shop.test", "localhost", "localhost"), checks.hosts);
  }

  @Test
  void aChainIsCheckedAgainOnceACertificateOfItIsNoLongerValid(@TempDir Path dir) throws Exception {
    Certificates certs = Certificates.make(dir);
    X509Certificate[] chain = {read(certs.leaf()), read(certs.ca())};
    long notAfter = Math.min(chain[0].getNotAfter().getTime(), chain[1].getNotAfter().getTime());
    AtomicLong now = new AtomicLong(System.currentTimeMillis());
    Checks checks = new Checks("localhost");
    VerifiedChains trust = new VerifiedChains(checks, now::get);

    trust.checkServerTrusted(chain, AUTH, engine("localhost"));
    now.set(notAfter);
    trust.checkServerTrusted(chain, AUTH, engine("localhost"));
    assertEquals(1, checks.hosts.size());
    now.set(notAfter + 1);
    trust.checkServerTrusted(chain, AUTH, engine("localhost"));
    assertEquals(2, checks.hosts.size(), "past notAfter the chain is checked again");
  }

  @Test
  void withoutAnEngineEveryCallIsChecked(@TempDir Path dir) throws Exception {
    Certificates certs = Certificates.make(dir);
    X509Certificate[] chain = {read(certs.leaf()), read(certs.ca())};
    Checks checks = new Checks("localhost");
    VerifiedChains trust = new VerifiedChains(checks);
    assertDoesNotThrow(() -> trust.checkServerTrusted(chain, AUTH));
    assertDoesNotThrow(() -> trust.checkServerTrusted(chain, AUTH));
    assertEquals(2, checks.plain);
  }

  private static SSLEngine engine(String host) throws Exception {
    SSLEngine e = SSLContext.getDefault().createSSLEngine(host, 443);
    e.setUseClientMode(true);
    return e;
  }

  /** A new array of new certificate objects: as each handshake hands over its own. */
  private static X509Certificate[] copy(X509Certificate[] chain) throws Exception {
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    X509Certificate[] out = new X509Certificate[chain.length];
    for (int i = 0; i < chain.length; i++) {
      out[i] =
          (X509Certificate)
              f.generateCertificate(new java.io.ByteArrayInputStream(chain[i].getEncoded()));
    }
    return out;
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** Records each check; passes a chain for {@code trusted} only. */
  private static final class Checks extends X509ExtendedTrustManager {
    final List<String> hosts = new ArrayList<>();
    final String trusted;
    int plain;

    Checks(String trusted) {
      this.trusted = trusted;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      hosts.add(engine.getPeerHost());
      if (!trusted.equals(engine.getPeerHost())) {
        throw new CertificateException("No name matching " + engine.getPeerHost());
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      plain++;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      plain++;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
