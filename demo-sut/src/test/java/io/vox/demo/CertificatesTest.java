package io.vox.demo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {
  @TempDir Path dir;

  @Test
  void leafAndKeyLoadIntoNettyJdkServerContext() throws Exception {
    Certificates certs = Certificates.make(dir);

    SslContext context =
        SslContextBuilder.forServer(certs.leaf().toFile(), certs.leafKey().toFile())
            .sslProvider(SslProvider.JDK)
            .build();

    assertTrue(context.isServer());
    assertTrue(Files.readString(certs.leafKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
  }

  @Test
  void caSignsLeafAndWrongNameButNotUntrusted() throws Exception {
    Certificates certs = Certificates.make(dir);
    X509Certificate ca = read(certs.ca());

    read(certs.leaf()).verify(ca.getPublicKey());
    read(certs.wrongName()).verify(ca.getPublicKey());
    assertThrows(SignatureException.class, () -> read(certs.untrusted()).verify(ca.getPublicKey()));
    assertTrue(ca.getBasicConstraints() >= 0, "CA:true");
  }

  private static X509Certificate read(Path pem)
      throws java.io.IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
