package io.vox.master.rest;

import io.vox.master.app.PlanService;
import io.vox.master.app.RunService;
import io.vox.master.plan.PlanReader;
import io.vox.master.report.PlanView;
import io.vox.master.run.RunPlan;
import io.vox.master.trial.PlanTrials;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.util.List;

/**
 * {@code /api/plans}: plans kept for later runs. A plan is validated when saved (400 naming every
 * wrong field, as {@code POST /api/runs}); {@code POST /api/plans/{id}/runs} starts a run of it.
 * {@code POST /api/plans/try?users=1&action=NAME} runs a plan on the master for a few users and
 * returns every request it made (the plan editor's Try button, {@code vox try} over REST).
 */
@Path("plans")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {
  private final PlanReader plans = new PlanReader();

  @Inject PlanService store;
  @Inject RunService runs;
  @Inject PlanTrials trials;

  /** A saved plan with its document. */
  public record Document(
      long id,
      String name,
      int users,
      int actions,
      long createdAtMs,
      long updatedAtMs,
      JsonObject plan) {}

  /** What a trial returns: whether every check passed, and the trace, one block per request. */
  public record TrialResult(boolean passed, String trace) {}

  @POST
  @Path("try")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response trial(
      String json,
      @QueryParam("users") @jakarta.ws.rs.DefaultValue("1") int users,
      @QueryParam("action") String action)
      throws InterruptedException {
    RunPlan plan = plans.read(json); // 400 naming each wrong field
    if (users < 1 || users > PlanTrials.MAX_USERS) {
      return Response.status(400)
          .entity(ErrorBody.of("users", "must be 1 to " + PlanTrials.MAX_USERS))
          .build();
    }
    try {
      PlanTrials.Trial t = trials.run(plan, users, action);
      return Response.ok(new TrialResult(t.passed(), t.trace())).build();
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(ErrorBody.of("action", e.getMessage())).build();
    } catch (IllegalStateException e) {
      return Response.status(429).entity(ErrorBody.of("", e.getMessage())).build();
    }
  }

  @GET
  public List<PlanView> all() {
    return store.all();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public Response create(String json, @Context UriInfo uri) {
    RunPlan plan = plans.readKept(json);
    long id = store.create(plan, json, System.currentTimeMillis());
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(id)).build())
        .entity(document(store.find(id)))
        .build();
  }

  @GET
  @Path("{id}")
  public Document plan(@PathParam("id") long id) {
    return document(found(id));
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public Document update(@PathParam("id") long id, String json) {
    found(id);
    RunPlan plan = plans.readKept(json);
    store.update(id, plan, json, System.currentTimeMillis());
    return document(store.find(id));
  }

  @DELETE
  @Path("{id}")
  @Transactional
  public Response delete(@PathParam("id") long id) {
    if (!store.delete(id)) {
      throw new NotFoundException("no plan " + id);
    }
    return Response.noContent().build();
  }

  /**
   * Starts a run of the saved plan: 201 with the run's id, as {@code POST /api/runs}. The body, if
   * any, gives the parameters' values: {@code {"params": {"name": "value"}}}.
   */
  @POST
  @Path("{id}/runs")
  public Response start(@PathParam("id") long id, String body, @Context UriInfo uri) {
    RunService.Started run = runs.startSaved(id, params(body), System.currentTimeMillis());
    if (run == null) {
      throw new NotFoundException("no plan " + id);
    }
    return Response.created(
            uri.getBaseUriBuilder().path("runs").path(Long.toString(run.id())).build())
        .entity(new RunResource.Created(run.id(), "CREATED"))
        .build();
  }

  /** The parameters' values in a run request's {@code body}: {@code {"params": {...}}}. */
  private static java.util.Map<String, String> params(String body) {
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return values;
    }
    JsonObject root;
    try (var reader = Json.createReader(new StringReader(body))) {
      root = reader.readObject();
    } catch (jakarta.json.JsonException e) {
      throw new io.vox.master.plan.InvalidPlanException(
          List.of(
              new io.vox.master.plan.FieldError(
                  "", "must be {\"params\": {\"name\": \"value\"}}")));
    }
    for (var e : root.entrySet()) {
      if (!e.getKey().equals("params") || !(e.getValue() instanceof JsonObject params)) {
        throw new io.vox.master.plan.InvalidPlanException(
            List.of(
                new io.vox.master.plan.FieldError(
                    "/" + e.getKey(),
                    "is not known here: give {\"params\": {\"name\": \"value\"}}")));
      }
      for (var p : params.entrySet()) {
        if (!(p.getValue() instanceof jakarta.json.JsonString s)) {
          throw new io.vox.master.plan.InvalidPlanException(
              List.of(
                  new io.vox.master.plan.FieldError("/params/" + p.getKey(), "must be a string")));
        }
        values.put(p.getKey(), s.getString());
      }
    }
    return values;
  }

  private PlanView found(long id) {
    PlanView p = store.find(id);
    if (p == null) {
      throw new NotFoundException("no plan " + id);
    }
    return p;
  }

  private static Document document(PlanView p) {
    try (var reader = Json.createReader(new StringReader(p.json()))) {
      return new Document(
          p.id(),
          p.name(),
          p.users(),
          p.actions(),
          p.createdAtMs(),
          p.updatedAtMs(),
          reader.readObject());
    }
  }
}
