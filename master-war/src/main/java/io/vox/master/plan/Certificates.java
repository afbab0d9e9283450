package io.vox.master.plan;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/** Checks a plan's PEM certificates, so a bad {@code tls.ca} is a 400, not a failed run. */
final class Certificates {
  private Certificates() {}

  /** Why {@code pem} is not one or more PEM certificates, or null when it is. */
  static String problem(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      return "must be PEM certificates (-----BEGIN CERTIFICATE-----)";
    }
    try {
      int n =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
              .size();
      return n == 0 ? "holds no certificate" : null;
    } catch (CertificateException | RuntimeException e) {
      return "is not valid PEM certificates (one of them cannot be decoded)";
    }
  }

  /**
   * Why {@code cert} (PEM chain) and {@code key} (PEM PKCS#8) are not a client certificate,
   * starting with "cert " or "key ", or null when they are.
   */
  static String clientProblem(String cert, String key) {
    String problem = problem(cert);
    if (problem != null) {
      return "cert " + problem;
    }
    if (!key.contains("-----BEGIN PRIVATE KEY-----")) {
      return "key must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----);"
          + " convert one with openssl pkcs8 -topk8 -nocrypt";
    }
    String base64 =
        key.replaceAll("(?s).*-----BEGIN PRIVATE KEY-----", "")
            .replaceAll("(?s)-----END PRIVATE KEY-----.*", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = java.util.Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return "key is not valid PEM";
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "DSA"}) {
      try {
        java.security.KeyFactory.getInstance(algorithm)
            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        return null;
      } catch (java.security.GeneralSecurityException | RuntimeException e) {
        // next algorithm
      }
    }
    return "key is not an RSA, EC, Ed25519 or DSA private key";
  }

  /** Why {@code base64} with {@code password} is not a PKCS#12 key store, or null when it is. */
  static String pkcs12Problem(String base64, String password) {
    try {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(
          new ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)),
          password == null ? new char[0] : password.toCharArray());
      return store.size() == 0 ? "holds no key" : null;
    } catch (IllegalArgumentException e) {
      return "must be the PKCS#12 file as base64";
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      return "cannot be opened (a wrong password, or not PKCS#12)";
    }
  }
}
