package io.vox.node.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vox.demo.Certificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFirstTrustTest {
  private static final String AUTH = "ECDHE_ECDSA";

  @Test
  void aChainOfThePlansCaOrOfTheJvmsPassesAnyOtherFails(@TempDir Path dir) throws Exception {
    Certificates certs = Certificates.make(dir);
    X509Certificate ca = read(certs.ca());
    X509Certificate leaf = read(certs.leaf());
    X509Certificate selfSigned = read(certs.untrusted());
    X509Certificate other = read(certs.wrongName()); // issued by the plan's CA too
    // the "JVM's" store here trusts only the self-signed leaf: a public CA's stand-in
    PlanFirstTrust trust =
        new PlanFirstTrust(manager(ca), manager(selfSigned), Set.of(ca.getSubjectX500Principal()));

    assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {leaf, ca}, AUTH));
    assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {selfSigned}, AUTH));
    assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {other, ca}, AUTH));

    PlanFirstTrust planOnly =
        new PlanFirstTrust(manager(ca), manager(ca), Set.of(ca.getSubjectX500Principal()));
    assertThrows(
        CertificateException.class,
        () -> planOnly.checkServerTrusted(new X509Certificate[] {selfSigned}, AUTH));
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static X509ExtendedTrustManager manager(X509Certificate anchor) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("a", anchor);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
  }
}
