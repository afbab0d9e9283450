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
import java.io.IOException;
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
 */
@ApplicationScoped
public class VoxAuthentication implements HttpAuthenticationMechanism {
  static final String LOGIN_PAGE = "/login.xhtml";
  private static final String CALLER = VoxAuthentication.class.getName() + ".caller";
  private static final String GROUPS = VoxAuthentication.class.getName() + ".groups";

  @Inject ConfigIdentityStore store;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx) {
    Credential given = ctx.getAuthParameters().getCredential();
    if (given instanceof UsernamePasswordCredential form) {
      return login(request, store.validate(form), ctx); // the login page's authenticate()
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      UsernamePasswordCredential basic = basic(header.substring(6).strip());
      CredentialValidationResult result =
          basic == null ? CredentialValidationResult.INVALID_RESULT : store.validate(basic);
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        return ctx.notifyContainerAboutLogin(result);
      }
      return refuse(response, ctx, "wrong user name or password", true);
    }
    if (isApi(request) && !WriteAccess.isRead(request.getMethod())) {
      // no challenge: a browser would ask for a password and send the forged request again with it
      return refuse(
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
      return refuse(response, ctx, "log in: HTTP Basic with a user of vox.security.users", true);
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

  private static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
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

  /** 401 with a JSON error; {@code challenge}: with {@code WWW-Authenticate} asking for Basic. */
  private static AuthenticationStatus refuse(
      HttpServletResponse response, HttpMessageContext ctx, String message, boolean challenge) {
    try {
      response.setStatus(401);
      if (challenge) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"vox\", charset=\"UTF-8\"");
      }
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("{\"errors\":[{\"field\":\"\",\"message\":\"" + message + "\"}]}");
    } catch (IOException e) {
      return ctx.responseUnauthorized();
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
