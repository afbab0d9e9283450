package io.vox.node.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Trusts the plan's CAs ({@code tls.ca}) and the JVM's: a chain is checked against the plan's
 * first, then the JVM's. One trust store of both made the JDK's path validation try each of its
 * ~150 anchors on every handshake (22 % of a node's CPU opening TLS connections, most of it
 * building exceptions for anchors without a key id); against the plan's few it is one match. A
 * chain that ends at a plan CA fails with the plan check's reason (a wrong name, say), not with the
 * JVM's "no trusted path".
 */
final class PlanFirstTrust extends ForwardingTrust {
  private final X509ExtendedTrustManager plan;
  private final Set<X500Principal> planSubjects;

  PlanFirstTrust(
      X509ExtendedTrustManager plan, X509ExtendedTrustManager jvm, Set<X500Principal> subjects) {
    // the delegate is the JVM's trust: it checks the servers the plan's CAs do not issue for,
    // and the client checks (a client does not check clients)
    super(jvm);
    this.plan = plan;
    this.planSubjects = Set.copyOf(subjects);
  }

  /** Whether {@code chain} ends at (or is issued by) one of the plan's CAs. */
  private boolean fromPlan(X509Certificate[] chain) {
    return Arrays.stream(chain)
        .anyMatch(
            c ->
                planSubjects.contains(c.getIssuerX500Principal())
                    || planSubjects.contains(c.getSubjectX500Principal()));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      plan.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      if (fromPlan(chain)) {
        throw e;
      }
      delegate.checkServerTrusted(chain, authType, engine);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      plan.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      if (fromPlan(chain)) {
        throw e;
      }
      delegate.checkServerTrusted(chain, authType, socket);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      plan.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      if (fromPlan(chain)) {
        throw e;
      }
      delegate.checkServerTrusted(chain, authType);
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return Stream.concat(
            Arrays.stream(plan.getAcceptedIssuers()), Arrays.stream(delegate.getAcceptedIssuers()))
        .collect(Collectors.toList())
        .toArray(X509Certificate[]::new);
  }
}
