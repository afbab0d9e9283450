package io.vox.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes nginx.conf, the routes every server shares and the static files they serve, so one nginx
 * process runs inside a single directory and touches nothing of the system's.
 */
final class NginxConfig {
  private static final String MAIN =
      """
      master_process off;
      worker_processes 1;
      pid "%1$s/nginx.pid";
      lock_file "%1$s/nginx.lock";
      error_log "%1$s/error.log";
      events { worker_connections 1024; }
      http {
        access_log off;
        client_body_temp_path "%1$s/tmp/body";
        proxy_temp_path "%1$s/tmp/proxy";
        fastcgi_temp_path "%1$s/tmp/fastcgi";
        uwsgi_temp_path "%1$s/tmp/uwsgi";
        scgi_temp_path "%1$s/tmp/scgi";
        types { application/json json; text/plain txt; }
        default_type application/octet-stream;
        root "%1$s/html";
        absolute_redirect off;
        keepalive_timeout 60s;
        keepalive_requests 100000;
        client_max_body_size 10m;
        upstream echo { server 127.0.0.1:%7$d; keepalive 8; }
        server { listen 127.0.0.1:%2$d ssl http2; listen 127.0.0.2:%2$d ssl http2;
          server_name shop.test localhost;
          ssl_protocols TLSv1.3; %8$s }
        server { listen 127.0.0.1:%3$d ssl http2; ssl_protocols TLSv1.2; %8$s }
        server { listen 127.0.0.1:%4$d ssl; ssl_protocols TLSv1.2 TLSv1.3; %8$s }
        server { listen 127.0.0.1:%5$d ssl; %9$s }
        server { listen 127.0.0.1:%6$d ssl; %10$s }
        server { listen 127.0.0.1:%7$d; include "%1$s/routes.conf"; }
        server { listen 127.0.0.1:%11$d ssl http2; ssl_verify_client on;
          ssl_client_certificate "%12$s"; %8$s }
      }
      """;

  private static final String TLS_SERVER =
      "ssl_certificate \"%s\"; ssl_certificate_key \"%s\"; include \"%s/routes.conf\";";

  /**
   * The routes. nginx answers a {@code return} without reading the request body, and over HTTP/2
   * then never reopens the flow-control window, so a large POST would stall; /echo therefore goes
   * through proxy_pass, which reads the whole body first.
   */
  private static final String ROUTES =
      """
      location = /api/ping { default_type application/json; return 200 '{"pong":true}'; }
      location = /r/a { return 302 /r/b; }
      location = /r/b { return 301 /r/c; }
      location = /r/c { return 303 /r/end; }
      location = /r/end { default_type application/json;
        return 200 '{"redirected":"done","method":"$request_method"}'; }
      location = /r/307 { return 307 /r/end; }
      location = /r/308 { return 308 /r/end; }
      location = /r/cookie { add_header Set-Cookie "hop=1; Path=/" always;
        return 302 /r/needs-cookie; }
      location = /r/needs-cookie { default_type application/json;
        if ($cookie_hop = "1") { return 200 '{"cookie":"ok"}'; }
        return 403; }
      location = /r/abs { return 302 https://shop.test:%d/r/end; }
      location = /loop/a { return 302 /loop/b; }
      location = /loop/b { return 302 /loop/a; }
      location = /gzip.json { gzip on; gzip_types application/json; gzip_min_length 100;
        gzip_vary on; }
      location = /big.txt { gzip off; default_type text/plain; }
      location = /echo { proxy_pass http://echo/_echo; proxy_http_version 1.1;
        proxy_set_header Connection ""; }
      location = /_echo { default_type application/json;
        return 200 '{"method":"$request_method","ct":"$content_type","len":"$content_length"}'; }
      location = /status/404 { return 404; }
      location = /proto { default_type application/json;
        return 200 '{"proto":"$server_protocol","scheme":"$scheme"}'; }
      location = /peer { default_type application/json; return 200 '{"server":"$server_addr"}'; }
      location = /reused { default_type application/json;
        return 200 '{"reused":"$ssl_session_reused"}'; }
      location = /whoami { default_type application/json;
        return 200 '{"client":"$ssl_client_s_dn","verified":"$ssl_client_verify"}'; }
      """;

  private NginxConfig() {}

  /** Writes everything nginx reads under {@code dir}; returns the nginx.conf path. */
  static Path write(Path dir, Certificates certs, NginxPorts ports) throws IOException {
    for (String temp : new String[] {"body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      Files.createDirectories(dir.resolve("tmp").resolve(temp));
    }
    Path html = Files.createDirectories(dir.resolve("html"));
    Files.writeString(html.resolve("gzip.json"), gzipJson());
    Files.write(html.resolve("big.txt"), bigText());
    Files.writeString(dir.resolve("routes.conf"), ROUTES.formatted(ports.https()));
    String d = dir.toAbsolutePath().toString();
    String conf =
        MAIN.formatted(
            d,
            ports.https(),
            ports.tls12(),
            ports.http11Tls(),
            ports.untrusted(),
            ports.wrongName(),
            ports.http(),
            TLS_SERVER.formatted(certs.leaf(), certs.leafKey(), d),
            TLS_SERVER.formatted(certs.untrusted(), certs.untrustedKey(), d),
            TLS_SERVER.formatted(certs.wrongName(), certs.wrongNameKey(), d),
            ports.mtls(),
            certs.ca());
    return Files.writeString(dir.resolve("nginx.conf"), conf);
  }

  /** Compressible JSON well above gzip_min_length, so gzip visibly applies. */
  private static String gzipJson() {
    return "{\"compressed\":\"yes\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
  }

  /** Lines of filler, then {@link Nginx#BIG_TXT_LAST_LINE} with no newline after it. */
  private static byte[] bigText() {
    byte[] text = new byte[Nginx.BIG_TXT_BYTES];
    Arrays.fill(text, (byte) 'b');
    for (int i = 99; i < text.length; i += 100) {
      text[i] = '\n';
    }
    byte[] tail = ("\n" + Nginx.BIG_TXT_LAST_LINE).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tail, 0, text, text.length - tail.length, tail.length);
    return text;
  }
}
