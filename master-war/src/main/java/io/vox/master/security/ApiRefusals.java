package io.vox.master.security;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The API's answers to a login it refuses, in the shape of every REST error: {@code
 * {"errors":[{"field":"","message":"..."}]}}.
 */
final class ApiRefusals {
  private ApiRefusals() {}

  /** 401 with a JSON error; {@code challenge}: with {@code WWW-Authenticate} asking for Basic. */
  static AuthenticationStatus refuse(
      HttpServletResponse response, HttpMessageContext ctx, String message, boolean challenge) {
    if (challenge) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"vox\", charset=\"UTF-8\"");
    }
    return error(response, ctx, 401, message);
  }

  /** 429: the name is locked after failed logins; says for how long, as {@code Retry-After}. */
  static AuthenticationStatus tooMany(
      HttpServletResponse response, HttpMessageContext ctx, long seconds) {
    response.setHeader("Retry-After", Long.toString(seconds));
    return error(
        response,
        ctx,
        429,
        "too many failed logins for this user name; try again in " + seconds + " s");
  }

  private static AuthenticationStatus error(
      HttpServletResponse response, HttpMessageContext ctx, int status, String message) {
    try {
      response.setStatus(status);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("{\"errors\":[{\"field\":\"\",\"message\":\"" + message + "\"}]}");
    } catch (IOException e) {
      return ctx.responseUnauthorized();
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
