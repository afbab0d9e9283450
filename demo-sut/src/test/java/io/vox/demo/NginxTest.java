package io.vox.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxTest {
  private Nginx nginx;
  private HttpClient client;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    nginx = Nginx.start(dir);
    client = client(HttpClient.Redirect.NEVER, null);
  }

  @AfterAll
  void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  @Test
  void pingOverTls13NegotiatesHttp2() throws Exception {
    HttpResponse<String> response = get(client, "https", nginx.httpsPort(), "/api/ping");

    assertEquals(200, response.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals("{\"pong\":true}", response.body());
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
  }

  @Test
  void http11TlsPortNegotiatesHttp11() throws Exception {
    HttpResponse<String> response = get(client, "https", nginx.http11TlsPort(), "/api/ping");

    assertEquals(200, response.statusCode());
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
  }

  @Test
  void pingOverPlainHttp() throws Exception {
    HttpResponse<String> response = get(client, "http", nginx.httpPort(), "/api/ping");

    assertEquals(200, response.statusCode());
    assertEquals("{\"pong\":true}", response.body());
  }

  @Test
  void gzipJsonIsCompressedWhenAsked() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("https", nginx.httpsPort(), "/gzip.json"))
            .header("Accept-Encoding", "gzip")
            .build();

    HttpResponse<byte[]> response = client.send(request, BodyHandlers.ofByteArray());

    assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(""));
    assertTrue(response.body().length < 20_000, "compressed body is small");
  }

  @Test
  void bigTextArrivesWhole() throws Exception {
    HttpResponse<String> response = get(client, "https", nginx.httpsPort(), "/big.txt");

    assertEquals(Nginx.BIG_TXT_BYTES, response.body().length());
    assertTrue(response.body().endsWith("\n" + Nginx.BIG_TXT_LAST_LINE));
  }

  @Test
  void redirectIsAnsweredNotFollowed() throws Exception {
    HttpResponse<String> response = get(client, "https", nginx.httpsPort(), "/r/a");

    assertEquals(302, response.statusCode());
    assertEquals("/r/b", response.headers().firstValue("location").orElse(""));
  }

  @Test
  void untrustedCertificateFailsHandshake() {
    IOException failure =
        assertThrows(
            IOException.class, () -> get(client, "https", nginx.untrustedPort(), "/api/ping"));

    assertTrue(hasCause(failure, SSLHandshakeException.class), failure.toString());
  }

  @Test
  void tls12PortHandshakesWhenClientAllowsTls12() throws Exception {
    HttpClient tls12 =
        client(HttpClient.Redirect.NEVER, new SSLParameters(null, new String[] {"TLSv1.2"}));

    HttpResponse<String> response = get(tls12, "https", nginx.tls12Port(), "/api/ping");

    assertEquals(200, response.statusCode());
  }

  private HttpClient client(HttpClient.Redirect redirect, SSLParameters parameters)
      throws IOException, GeneralSecurityException {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .sslContext(trustingOnly(nginx.certificates().ca()))
            .followRedirects(redirect)
            .connectTimeout(Duration.ofSeconds(5));
    if (parameters != null) {
      builder.sslParameters(parameters);
    }
    return builder.build();
  }

  private static SSLContext trustingOnly(Path caPem) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static HttpResponse<String> get(HttpClient client, String scheme, int port, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri(scheme, port, path)).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, BodyHandlers.ofString(StandardCharsets.US_ASCII));
  }

  private static URI uri(String scheme, int port, String path) {
    return URI.create(scheme + "://localhost:" + port + path);
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
