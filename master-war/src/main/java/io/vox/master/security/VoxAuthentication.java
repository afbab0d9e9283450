package io.vox.master.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * How callers prove who they are. The REST API ({@code /api/...}) takes HTTP Basic on every request
 * (no session is made for it) and answers 401 with a JSON error and {@code WWW-Authenticate}
 * without it; the pages send a caller who has not logged in to {@code login.xhtml}, whose form
 * authenticates once: the caller and roles are then kept in the HTTP session (a new session id).
 *
 * <p>The session of the pages also lets the browser read the API (the pages link to reports and
 * exports), but never change anything through it: a POST, PUT or DELETE to {@code /api} without
 * Basic credentials is refused even with a session, since a browser sends the session cookie with a
 * form another site makes it post (cross-site request forgery); such a site cannot add credentials.
 *
 * <p>Both kinds of login pass the {@link LoginThrottle}: a name locked after failed logins gets 429
 * with a JSON error and {@code Retry-After} on the API, and a message on the login page.
 */
@ApplicationScoped
public class VoxAuthentication implements HttpAuthenticationMechanism {
  static final String LOGIN_PAGE = "/login.xhtml";
  private static final String CALLER = VoxAuthentication.class.getName() + ".caller";
  private static final String GROUPS = VoxAuthentication.class.getName() + ".groups";
  private static final String RETRY_AFTER = VoxAuthentication.class.getName() + ".retryAfter";

  @Inject ConfigIdentityStore store;

  @Inject LoginThrottle throttle;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx) {
    Credential given = ctx.getAuthParameters().getCredential();
    if (given instanceof UsernamePasswordCredential form) { // the login page's authenticate()
      long wait = throttle.attempt(form.getCaller());
      if (wait > 0) {
        request.setAttribute(RETRY_AFTER, seconds(wait));
        return AuthenticationStatus.SEND_FAILURE;
      }
      return login(request, check(form), ctx);
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      UsernamePasswordCredential basic = basic(header.substring(6).strip());
      if (basic == null) {
        return ApiRefusals.refuse(response, ctx, "wrong user name or password", true);
      }
      long wait = throttle.attempt(basic.getCaller());
      if (wait > 0) {
        return ApiRefusals.tooMany(response, ctx, seconds(wait));
      }
      CredentialValidationResult result = check(basic);
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        return ctx.notifyContainerAboutLogin(result);
      }
      return ApiRefusals.refuse(response, ctx, "wrong user name or password", true);
    }
    if (isApi(request) && !WriteAccess.isRead(request.getMethod())) {
      // no challenge: a browser would ask for a password and send the forged request again with it
      return ApiRefusals.refuse(
          response,
          ctx,
          "changes through the REST API take HTTP Basic credentials on the request itself;"
              + " the pages' login (a session cookie) is not enough, so that another site cannot"
              + " post them for you",
          false);
    }
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(CALLER) instanceof String caller) {
      @SuppressWarnings("unchecked")
      Set<String> groups = (Set<String>) session.getAttribute(GROUPS);
      return ctx.notifyContainerAboutLogin(caller, groups);
    }
    if (!ctx.isProtected()) {
      return ctx.doNothing();
    }
    if (isApi(request)) {
      return ApiRefusals.refuse(
          response, ctx, "log in: HTTP Basic with a user of vox.security.users", true);
    }
    String back = request.getRequestURI().substring(request.getContextPath().length());
    if (request.getQueryString() != null) {
      back += "?" + request.getQueryString();
    }
    return ctx.redirect(
        request.getContextPath()
            + LOGIN_PAGE
            + "?next="
            + URLEncoder.encode(back, StandardCharsets.UTF_8));
  }

  /** The store's answer for a login the throttle let through, told to the throttle. */
  private CredentialValidationResult check(UsernamePasswordCredential credential) {
    CredentialValidationResult result = store.validate(credential);
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      throttle.succeeded(credential.getCaller());
    } else {
      throttle.failed(credential.getCaller());
    }
    return result;
  }

  /** Whole seconds to wait, rounded up ("try again in 0 s" would not be true). */
  static long seconds(long ms) {
    return (ms + 999) / 1000;
  }

  /** The seconds the login page's caller must wait before trying again, or null. */
  public static Long retryAfterSeconds(HttpServletRequest request) {
    return request.getAttribute(RETRY_AFTER) instanceof Long s ? s : null;
  }

  private static AuthenticationStatus login(
      HttpServletRequest request, CredentialValidationResult result, HttpMessageContext ctx) {
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    HttpSession session = request.getSession(true);
    request.changeSessionId(); // a session id seen before the login is worth nothing after it
    session.setAttribute(CALLER, result.getCallerPrincipal().getName());
    session.setAttribute(GROUPS, new HashSet<>(result.getCallerGroups()));
    return ctx.notifyContainerAboutLogin(result);
  }

  /**
   * Whether the request goes to the REST API: by the servlet it is mapped to (decoded and
   * normalised by the container, so {@code /%61pi/...} or {@code /api;x/...} count), or by its raw
   * path.
   */
  private static boolean isApi(HttpServletRequest request) {
    return "/api".equals(request.getServletPath())
        || request.getRequestURI().startsWith(request.getContextPath() + "/api/");
  }

  /** {@code name:password} from a Basic header's Base64, or null when it is not that. */
  static UsernamePasswordCredential basic(String base64) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 1
        ? null
        : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
