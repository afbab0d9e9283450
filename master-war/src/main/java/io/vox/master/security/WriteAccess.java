package io.vox.master.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Only an admin changes anything through the REST API: a request other than GET, HEAD or OPTIONS
 * from a viewer gets 403 with a JSON error (the container has already made sure every caller of
 * {@code /api} logged in).
 */
@Provider
public class WriteAccess implements ContainerRequestFilter {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /** Whether HTTP method {@code method} only reads; any other one may change something. */
  static boolean isRead(String method) {
    return READS.contains(method);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (isRead(request.getMethod()) || request.getSecurityContext().isUserInRole(Users.ADMIN)) {
      return;
    }
    request.abortWith(
        Response.status(403)
            .type(MediaType.APPLICATION_JSON)
            .entity(
                "{\"errors\":[{\"field\":\"\",\"message\":\"role viewer may only read;"
                    + " changing runs and plans takes role admin\"}]}")
            .build());
  }
}
