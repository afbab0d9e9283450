package io.vox.node.http;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Remembers the server chains it has verified, so that a node opening thousands of connections to
 * the same server checks the chain once, not at every handshake, as browsers do. A chain passes
 * again unchecked only when it is the same bytes, for the same host name, name check and key
 * exchange, while every certificate of it is still valid; a chain that failed is checked every
 * time, so each failure has its own reason. The server's proof that it holds the key (its signature
 * over the handshake) is checked by the TLS engine on every connection, cached or not. What the JDK
 * checks once a chain only is checked once too: revocation, when a node's JVM is told to check it
 * ({@code -Dcom.sun.net.ssl.checkRevocation=true}; off by default).
 */
final class VerifiedChains extends ForwardingTrust {
  /** Chains kept; a run reaches a few servers, and past this a chain is just checked each time. */
  static final int MAX = 256;

  private final LongSupplier clock;
  private final Map<Key, long[]> verified = new ConcurrentHashMap<>(); // {notBefore, notAfter}

  VerifiedChains(X509ExtendedTrustManager delegate) {
    this(delegate, System::currentTimeMillis);
  }

  VerifiedChains(X509ExtendedTrustManager delegate, LongSupplier clock) {
    super(delegate);
    this.clock = clock;
  }

  private record Key(String host, String check, String authType, byte[][] chain, int hash) {
    static Key of(String host, String check, String authType, X509Certificate[] chain)
        throws CertificateEncodingException {
      byte[][] der = new byte[chain.length][];
      for (int i = 0; i < chain.length; i++) {
        der[i] = chain[i].getEncoded(); // the bytes as received; no parsing
      }
      int h = 31 * java.util.Objects.hash(host, check, authType) + Arrays.deepHashCode(der);
      return new Key(host, check, authType, der, h);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && hash == k.hash
          && java.util.Objects.equals(host, k.host)
          && java.util.Objects.equals(check, k.check)
          && java.util.Objects.equals(authType, k.authType)
          && Arrays.deepEquals(chain, k.chain);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (engine == null || chain == null || chain.length == 0) {
      delegate.checkServerTrusted(chain, authType, engine);
      return;
    }
    // the name checked is the peer host: SNI, when sent, is made from it (Dialer)
    Key key =
        Key.of(
            engine.getPeerHost(),
            engine.getSSLParameters().getEndpointIdentificationAlgorithm(),
            authType,
            chain);
    long now = clock.getAsLong();
    long[] window = verified.get(key);
    if (window != null && now >= window[0] && now <= window[1]) {
      return;
    }
    delegate.checkServerTrusted(chain, authType, engine);
    if (window != null || verified.size() < MAX) {
      verified.put(key, validity(chain));
    }
  }

  /** The time every certificate of {@code chain} is valid in. */
  private static long[] validity(X509Certificate[] chain) {
    long from = Long.MIN_VALUE;
    long until = Long.MAX_VALUE;
    for (X509Certificate c : chain) {
      from = Math.max(from, c.getNotBefore().getTime());
      until = Math.min(until, c.getNotAfter().getTime());
    }
    return new long[] {from, until};
  }
}
