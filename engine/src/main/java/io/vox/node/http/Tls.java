package io.vox.node.http;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vox.messaging.scenario.HttpOptions;
import io.vox.node.user.HttpLane;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client contexts of a run. OpenSSL (BoringSSL through netty-tcnative) where it loads: it does
 * handshakes about 9 times cheaper than the JDK's SSLEngine (shared/research/tls-clients.md), which
 * decides how many new users a node can simulate; the JDK's engine otherwise.
 */
public final class Tls {
  private static final Logger LOG = Logger.getLogger(Tls.class.getName());
  private static final SslProvider PROVIDER = chooseProvider();

  /** The ALPN protocols a context offers. */
  enum Alpn {
    AUTO(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1),
    H1(ApplicationProtocolNames.HTTP_1_1),
    H2(ApplicationProtocolNames.HTTP_2);

    final String[] protocols;

    Alpn(String... protocols) {
      this.protocols = protocols;
    }
  }

  private final HttpOptions.Tls options;
  private final SslContext[] contexts = new SslContext[Alpn.values().length];

  /**
   * @throws IllegalArgumentException when {@code options} name a CA that is not PEM certificates
   */
  Tls(HttpOptions.Tls options) {
    this.options = options;
    if (options.ca() != null) {
      certificates(options.ca()); // fail on a bad CA now, not at the first connection
    }
    if (!options.namedGroups().isEmpty() && PROVIDER != SslProvider.OPENSSL) {
      LOG.warning(
          () ->
              "tls.namedGroups "
                  + options.namedGroups()
                  + " not applied: the JDK's TLS offers its own key exchanges"
                  + " (system property jdk.tls.namedGroups)");
    }
  }

  /** Adds the client certificate of {@code id} (the run's, or a user's), if it has one. */
  private static void clientCertificate(SslContextBuilder b, HttpLane.ClientIdentity id)
      throws SSLException {
    if (id.cert() != null) {
      try {
        b.keyManager(
            new ByteArrayInputStream(id.cert().getBytes(StandardCharsets.US_ASCII)),
            new ByteArrayInputStream(id.key().getBytes(StandardCharsets.US_ASCII)));
      } catch (IllegalArgumentException e) {
        throw new SSLException("cannot read tls.cert and tls.key: " + e.getMessage(), e);
      }
    } else if (id.pkcs12() != null) {
      try {
        char[] password = id.password() == null ? new char[0] : id.password().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(
            new ByteArrayInputStream(java.util.Base64.getDecoder().decode(id.pkcs12())), password);
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        b.keyManager(kmf);
      } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
        throw new SSLException("cannot read tls.pkcs12: " + e.getMessage(), e);
      }
    }
  }

  /** The TLS versions offered. */
  String protocols() {
    return options.protocols().isEmpty()
        ? "TLSv1.3, TLSv1.2"
        : String.join(", ", options.protocols());
  }

  /** "openssl" or "jdk": the TLS implementation of this node. */
  public static String provider() {
    return PROVIDER == SslProvider.OPENSSL ? "openssl" : "jdk";
  }

  private static SslProvider chooseProvider() {
    try {
      if (OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL)) {
        LOG.info(() -> "TLS through OpenSSL: " + OpenSsl.versionString());
        return SslProvider.OPENSSL;
      }
      LOG.warning(
          () ->
              "TLS through the JDK's SSLEngine; OpenSSL unavailable: "
                  + OpenSsl.unavailabilityCause());
    } catch (LinkageError e) {
      LOG.warning(() -> "TLS through the JDK's SSLEngine; OpenSSL failed to load: " + e);
    }
    return SslProvider.JDK;
  }

  /**
   * Builds the contexts a run of HTTP {@code version} uses, off the event loops: reading the trust
   * store there would stall every user of a loop at the first connection.
   */
  void prepare(String version) {
    try {
      context(Alpn.H1); // WebSockets, and "1.1"
      context(
          version.equals(HttpOptions.HTTP_2)
              ? Alpn.H2
              : version.equals(HttpOptions.AUTO) ? Alpn.AUTO : Alpn.H1);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The context offering {@code alpn}, built on first use. */
  synchronized SslContext context(Alpn alpn) throws SSLException {
    SslContext c = contexts[alpn.ordinal()];
    if (c == null) {
      c = build(alpn, runIdentity());
      contexts[alpn.ordinal()] = c;
    }
    return c;
  }

  /**
   * The context offering {@code alpn} with {@code identity}'s client certificate, or the run's when
   * it is null. A user's is built at its first connection, on its event loop, and kept for the run;
   * a PKCS#12's key derivation makes that milliseconds, which the other users of the loop wait
   * (docs/PLANS.md says so). A certificate that cannot be read fails the same way at once on later
   * connections, without being read again.
   */
  SslContext context(Alpn alpn, HttpLane.ClientIdentity identity) throws SSLException {
    if (identity == null) {
      return context(alpn);
    }
    Object[] mine = byIdentity.computeIfAbsent(identity, i -> new Object[Alpn.values().length]);
    synchronized (mine) {
      Object c = mine[alpn.ordinal()];
      if (c == null) {
        try {
          c = build(alpn, identity);
        } catch (SSLException | RuntimeException e) {
          c = e;
        }
        mine[alpn.ordinal()] = c;
      }
      if (c instanceof SSLException e) {
        throw e;
      }
      if (c instanceof RuntimeException e) {
        throw e;
      }
      return (SslContext) c;
    }
  }

  /** Per identity and ALPN: its context, or the exception building it threw. */
  private final java.util.Map<HttpLane.ClientIdentity, Object[]> byIdentity =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The run's client certificate; none when each user has its own (the fields are templates). */
  private HttpLane.ClientIdentity runIdentity() {
    return options.perUser()
        ? new HttpLane.ClientIdentity(null, null, null, null)
        : new HttpLane.ClientIdentity(
            options.cert(), options.key(), options.pkcs12(), options.password());
  }

  private TrustManager trust; // the plan's CAs, then the JVM's; built once

  private synchronized TrustManager trust() throws SSLException {
    if (trust == null) {
      try {
        trust = new VerifiedChains(options.ca() != null ? trustWithCa(options.ca()) : x509(null));
      } catch (GeneralSecurityException e) {
        throw new SSLException("cannot read the JVM's trust store: " + e.getMessage(), e);
      }
    }
    return trust;
  }

  private SslContext build(Alpn alpn, HttpLane.ClientIdentity identity) throws SSLException {
    SslContextBuilder b =
        SslContextBuilder.forClient()
            .sslProvider(PROVIDER)
            .protocols(
                options.protocols().isEmpty() ? List.of("TLSv1.3", "TLSv1.2") : options.protocols())
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE,
                    SelectedListenerFailureBehavior.ACCEPT,
                    alpn.protocols));
    if (!options.namedGroups().isEmpty() && PROVIDER == SslProvider.OPENSSL) {
      b.option(OpenSslContextOption.GROUPS, options.namedGroups().toArray(String[]::new));
    }
    clientCertificate(b, identity);
    if (options.insecure()) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      b.endpointIdentificationAlgorithm("HTTPS").trustManager(trust());
    }
    SslContext c = b.build();
    // no resumption: a new connection is a new user's as often as not, and a resumed handshake
    // costs the server a fraction of the full one a new user makes it pay
    if (c.sessionContext() instanceof io.netty.handler.ssl.OpenSslSessionContext o) {
      o.setSessionCacheEnabled(false);
    }
    return c;
  }

  /** The certificates of {@code pem} first, then the JVM's trust anchors. */
  private static javax.net.ssl.X509ExtendedTrustManager trustWithCa(String pem)
      throws SSLException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      java.util.Set<javax.security.auth.x500.X500Principal> subjects = new java.util.HashSet<>();
      int n = 0;
      for (X509Certificate c : certificates(pem)) {
        store.setCertificateEntry("plan-" + n++, c);
        subjects.add(c.getSubjectX500Principal());
      }
      return new PlanFirstTrust(x509(store), x509(null), subjects);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new SSLException("cannot build the trust store: " + e.getMessage(), e);
    }
  }

  /** The JDK's trust manager of {@code store} (null: the JVM's own trust store). */
  private static javax.net.ssl.X509ExtendedTrustManager x509(KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof javax.net.ssl.X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509ExtendedTrustManager in " + tmf.getAlgorithm());
  }

  /** The certificates of a PEM text. */
  static List<X509Certificate> certificates(String pem) {
    try {
      Collection<? extends Certificate> all =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : all) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("tls.ca holds no PEM certificate");
      }
      return out;
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException("tls.ca is not PEM certificates: " + e.getMessage(), e);
    }
  }
}
