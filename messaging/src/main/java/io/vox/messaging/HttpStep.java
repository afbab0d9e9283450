package io.vox.messaging;

/**
 * One HTTP request of a plan. {@code path}, {@code body} may hold {@code ${user}}, {@code ${token}}
 * and {@code ${action}}. {@code tokenField}, when set on the connect step, names the JSON field of
 * the response whose value the user keeps as its token (sent as a bearer token).
 */
public record HttpStep(String method, String path, String body, String tokenField) {
  public HttpStep {
    Messages.require(method, "method");
    Messages.require(path, "path");
  }
}
