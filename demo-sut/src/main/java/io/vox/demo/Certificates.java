package io.vox.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A throw-away test CA and server certificates as PEM files, so TLS tests need no keystore on disk
 * and can trust exactly one CA. Besides the good leaf it makes a self-signed one and one for
 * another name, for the failure cases a TLS client must reject.
 */
public final class Certificates {
  private static final GeneralNames SERVER_NAMES =
      new GeneralNames(
          new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "shop.test"),
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")
          });

  private final Path dir;

  private Certificates(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes the CA, the leaf it signs, a self-signed leaf and a leaf for the wrong name into {@code
   * dir}; all valid from yesterday for a month, so clock skew cannot fail a test.
   */
  public static Certificates make(Path dir) throws IOException {
    Certificates certs = new Certificates(dir);
    try {
      KeyPair caKey = CertificateIssuer.newKey();
      X509Certificate ca =
          CertificateIssuer.sign("Vox Test CA", null, caKey, null, caKey.getPrivate());
      certs.write(certs.ca(), ca, certs.caKey(), caKey);
      KeyPair leafKey = CertificateIssuer.newKey();
      certs.write(
          certs.leaf(),
          CertificateIssuer.sign("shop.test", SERVER_NAMES, leafKey, ca, caKey.getPrivate()),
          certs.leafKey(),
          leafKey);
      KeyPair selfKey = CertificateIssuer.newKey();
      certs.write(
          certs.untrusted(),
          CertificateIssuer.sign("shop.test", SERVER_NAMES, selfKey, null, selfKey.getPrivate()),
          certs.untrustedKey(),
          selfKey);
      KeyPair otherKey = CertificateIssuer.newKey();
      GeneralNames other = new GeneralNames(new GeneralName(GeneralName.dNSName, "other.test"));
      certs.write(
          certs.wrongName(),
          CertificateIssuer.sign("other.test", other, otherKey, ca, caKey.getPrivate()),
          certs.wrongNameKey(),
          otherKey);
      KeyPair clientKey = CertificateIssuer.newKey();
      GeneralNames client = new GeneralNames(new GeneralName(GeneralName.dNSName, "client.test"));
      X509Certificate clientCert =
          CertificateIssuer.sign("vox-client", client, clientKey, ca, caKey.getPrivate());
      certs.write(certs.client(), clientCert, certs.clientKey(), clientKey);
      writeP12(certs.clientP12(), clientKey, clientCert, ca);
      for (int i = 0; i < USERS; i++) {
        KeyPair userKey = CertificateIssuer.newKey();
        X509Certificate userCert =
            CertificateIssuer.sign("vox-user-" + i, client, userKey, ca, caKey.getPrivate());
        writeP12(certs.userP12(i), userKey, userCert, ca);
      }
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make test certificates in " + dir, e);
    }
    return certs;
  }

  /** A PKCS#12 file of {@code key} and its chain, protected by {@link #CLIENT_PASSWORD}. */
  private static void writeP12(Path file, KeyPair key, X509Certificate cert, X509Certificate ca)
      throws GeneralSecurityException, IOException {
    java.security.KeyStore p12 = java.security.KeyStore.getInstance("PKCS12");
    p12.load(null, null);
    p12.setKeyEntry(
        "client",
        key.getPrivate(),
        CLIENT_PASSWORD.toCharArray(),
        new java.security.cert.Certificate[] {cert, ca});
    try (var out = Files.newOutputStream(file)) {
      p12.store(out, CLIENT_PASSWORD.toCharArray());
    }
  }

  private void write(Path certFile, X509Certificate cert, Path keyFile, KeyPair key)
      throws IOException {
    Files.createDirectories(dir);
    try (Writer out = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(cert);
    }
    try (Writer out = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(
          new JcaPKCS8Generator(key.getPrivate(), null)); // "PRIVATE KEY", not "EC PRIVATE KEY"
    }
  }

  /** How many per-user client certificates {@link #userP12(int)} holds. */
  public static final int USERS = 3;

  /** User {@code i}'s client certificate (CN=vox-user-i) as PKCS#12, password as the client's. */
  public Path userP12(int i) {
    return dir.resolve("user-" + i + ".p12");
  }

  /** The password of {@link #clientP12()}. */
  public static final String CLIENT_PASSWORD = "vox-test";

  /** A client certificate (CN=vox-client) signed by {@link #ca()}, for servers that ask for one. */
  public Path client() {
    return dir.resolve("client.pem");
  }

  public Path clientKey() {
    return dir.resolve("client-key.pem");
  }

  /** {@link #client()} with its key as PKCS#12, password {@link #CLIENT_PASSWORD}. */
  public Path clientP12() {
    return dir.resolve("client.p12");
  }

  /** The CA certificate: the one thing a client under test should trust. */
  public Path ca() {
    return dir.resolve("ca.pem");
  }

  public Path caKey() {
    return dir.resolve("ca-key.pem");
  }

  /** Signed by {@link #ca()} for shop.test, localhost and 127.0.0.1. */
  public Path leaf() {
    return dir.resolve("leaf.pem");
  }

  public Path leafKey() {
    return dir.resolve("leaf-key.pem");
  }

  /** Self-signed, same names as {@link #leaf()}: a CA-only client must refuse it. */
  public Path untrusted() {
    return dir.resolve("untrusted.pem");
  }

  public Path untrustedKey() {
    return dir.resolve("untrusted-key.pem");
  }

  /** Signed by {@link #ca()} but only for other.test: fails hostname verification. */
  public Path wrongName() {
    return dir.resolve("wrongname.pem");
  }

  public Path wrongNameKey() {
    return dir.resolve("wrongname-key.pem");
  }
}
