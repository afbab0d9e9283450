package io.vox.master.rest;

import io.vox.master.jpa.JpaReports;
import io.vox.master.jpa.JpaRunStore;
import io.vox.master.plan.FieldError;
import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanReader;
import io.vox.master.report.ActionSummary;
import io.vox.master.report.ResultView;
import io.vox.master.report.RunView;
import io.vox.master.run.RunPlan;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/runs}: start a run from a plan, follow it, read its results. */
@Path("runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
  private final PlanReader plans = new PlanReader();

  @Inject JpaRunStore store;
  @Inject JpaReports reports;

  /** The id of a new run. */
  public record Created(long id, String state) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public Response create(String json, @jakarta.ws.rs.core.Context UriInfo uri) {
    RunPlan plan = plans.read(json);
    long id = store.create(plan, json, System.currentTimeMillis());
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(id)).build())
        .entity(new Created(id, "CREATED"))
        .build();
  }

  @GET
  public List<RunView> latest(@QueryParam("max") @DefaultValue("50") int max) {
    if (max < 1 || max > 500) {
      throw new InvalidPlanException(List.of(new FieldError("max", "must be 1 to 500")));
    }
    return reports.latest(max);
  }

  @GET
  @Path("{id}")
  public RunView run(@PathParam("id") long id) {
    RunView run = reports.run(id);
    if (run == null) {
      throw new NotFoundException("no run " + id);
    }
    return run;
  }

  /** Asks the master to stop a run: 202 while it stops, 409 when it had already ended. */
  @POST
  @Path("{id}/stop")
  @Transactional
  public Response stop(@PathParam("id") long id) {
    boolean stopping;
    try {
      stopping = store.requestStop(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("no run " + id);
    }
    if (!stopping) {
      return ErrorMappers.json(409, ErrorBody.of("", "run " + id + " has already ended"));
    }
    return Response.accepted(new Created(id, "STOPPING")).build();
  }

  /**
   * Starts the next action of a run when it waits for an operator (start: manual, or a manual
   * pause): 202, or 409 when the run is not running or has no action left.
   */
  @POST
  @Path("{id}/next")
  @Transactional
  public Response next(@PathParam("id") long id) {
    boolean accepted;
    try {
      accepted = store.requestNext(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("no run " + id);
    }
    if (!accepted) {
      return ErrorMappers.json(
          409, ErrorBody.of("", "run " + id + " is not running or has no action left"));
    }
    return Response.accepted(new Created(id, "NEXT_REQUESTED")).build();
  }

  @GET
  @Path("{id}/actions/{action}")
  public ActionSummary action(@PathParam("id") long id, @PathParam("action") int action) {
    RunView run = run(id);
    if (action < 1 || action > run.actions()) {
      throw new NotFoundException("run " + id + " has actions 1 to " + run.actions());
    }
    return reports.action(id, action);
  }

  @GET
  @Path("{id}/results")
  public ResultView results(
      @PathParam("id") long id,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("100") int size) {
    List<FieldError> errors = new ArrayList<>();
    if (page < 0) {
      errors.add(new FieldError("page", "must be 0 or more"));
    }
    if (size < 1 || size > 10_000) {
      errors.add(new FieldError("size", "must be 1 to 10000"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidPlanException(errors);
    }
    run(id);
    return reports.results(id, page, size);
  }
}
