package io.vox.master.rest;

import io.vox.master.plan.InvalidPlanException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps failures to JSON error bodies; no stack trace ever leaves the server. */
public final class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

  private ErrorMappers() {}

  static Response json(int status, ErrorBody body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }

  /** A bad plan: 400 with every wrong field. */
  @Provider
  public static class BadPlan implements ExceptionMapper<InvalidPlanException> {
    @Override
    public Response toResponse(InvalidPlanException e) {
      return json(400, new ErrorBody(e.errors()));
    }
  }

  /** Bad query or path parameters: 400 with every wrong one. */
  @Provider
  public static class BadParameter implements ExceptionMapper<BadParameters> {
    @Override
    public Response toResponse(BadParameters e) {
      return json(400, new ErrorBody(e.errors()));
    }
  }

  /** JAX-RS errors (404, 405, 415 ...) keep their status, in the JSON shape. */
  @Provider
  public static class Http implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String message = e.getMessage() == null ? "HTTP " + status : e.getMessage();
      return json(status, ErrorBody.of("", message));
    }
  }

  /** Anything else: 500 with an id to find the logged cause. */
  @Provider
  public static class Unexpected implements ExceptionMapper<RuntimeException> {
    @Override
    public Response toResponse(RuntimeException e) {
      if (e instanceof WebApplicationException w) {
        return new Http().toResponse(w);
      }
      if (e instanceof InvalidPlanException p) {
        return new BadPlan().toResponse(p);
      }
      if (e instanceof BadParameters b) {
        return new BadParameter().toResponse(b);
      }
      String id = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "REST request failed, error id=" + id, e);
      return json(500, ErrorBody.of("", "internal error; the server log has id " + id));
    }
  }
}
