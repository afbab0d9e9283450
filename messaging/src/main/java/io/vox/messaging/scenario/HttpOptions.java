package io.vox.messaging.scenario;

import java.util.List;
import java.util.Map;

/**
 * How a run's users speak HTTP. {@code version}: {@link #AUTO} (HTTP/2 where a TLS server offers it
 * by ALPN, else HTTP/1.1), {@link #HTTP_1_1}, or {@link #HTTP_2} (over TLS by ALPN, cleartext by
 * prior knowledge). {@code hosts} maps host names to IP addresses (comma-separated for several,
 * used in turn), so a real name can be tested on loopback; other names are resolved by DNS for each
 * new connection. {@code maxBodyBytes} bounds the response body kept for a check or an extraction.
 * {@code proxy} (null for none) is an HTTP proxy, {@code http://[user:password@]host:port}: TLS and
 * HTTP/2 go through a CONNECT tunnel, cleartext HTTP/1.1 requests to it in absolute form. {@code
 * preconnect}: each node opens its connections to the target once its users have connected, before
 * it reports ready, so that users who act at once find them open.
 */
public record HttpOptions(
    String version,
    Tls tls,
    Map<String, String> hosts,
    int maxBodyBytes,
    String proxy,
    boolean preconnect) {
  public static final String AUTO = "auto";
  public static final String HTTP_1_1 = "1.1";
  public static final String HTTP_2 = "2";
  public static final int DEFAULT_MAX_BODY_BYTES = 8 << 20;

  /** HTTP/2 where offered, the JVM's trust store, DNS, 8 MiB bodies, connections opened ahead. */
  public static final HttpOptions DEFAULT =
      new HttpOptions(AUTO, Tls.DEFAULT, Map.of(), DEFAULT_MAX_BODY_BYTES, null, true);

  public HttpOptions {
    version = version == null ? AUTO : version;
    tls = tls == null ? Tls.DEFAULT : tls;
    hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
    maxBodyBytes = maxBodyBytes <= 0 ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
  }

  /** These options with {@code version} instead. */
  public HttpOptions withVersion(String version) {
    return new HttpOptions(version, tls, hosts, maxBodyBytes, proxy, preconnect);
  }

  /** These options with {@code preconnect} instead. */
  public HttpOptions withPreconnect(boolean preconnect) {
    return new HttpOptions(version, tls, hosts, maxBodyBytes, proxy, preconnect);
  }

  /**
   * TLS of a run: servers are verified against the JVM's trust store plus {@code ca} (PEM
   * certificates), or not at all when {@code insecure}; {@code protocols} are the versions offered
   * (TLSv1.2 and TLSv1.3 when empty), {@code namedGroups} the key exchanges offered (OpenSSL's own
   * when empty). A client certificate, for servers that ask for one, is {@code cert} (PEM chain)
   * with {@code key} (PEM PKCS#8), or {@code pkcs12} (base64) with {@code password}.
   */
  public record Tls(
      String ca,
      boolean insecure,
      List<String> protocols,
      List<String> namedGroups,
      String cert,
      String key,
      String pkcs12,
      String password) {
    public static final Tls DEFAULT =
        new Tls(null, false, List.of(), List.of(), null, null, null, null);

    public Tls {
      protocols = protocols == null ? List.of() : List.copyOf(protocols);
      namedGroups =
          namedGroups == null ? List.of() : List.copyOf(namedGroups); // empty: the library's
    }

    /**
     * Whether each user has its own client certificate: {@code cert}, {@code key}, {@code pkcs12}
     * or {@code password} is a template of the user's session (a feeder's column).
     */
    public boolean perUser() {
      for (String f : new String[] {cert, key, pkcs12, password}) {
        try {
          if (f != null && f.contains("${") && !Template.placeholders(f).isEmpty()) {
            return true;
          }
        } catch (IllegalArgumentException e) {
          return true; // a broken template is no certificate either; the master refuses it
        }
      }
      return false;
    }
  }
}
