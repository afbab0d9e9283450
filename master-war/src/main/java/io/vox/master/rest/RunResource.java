package io.vox.master.rest;

import io.vox.master.app.ExportFormat;
import io.vox.master.app.ReportService;
import io.vox.master.app.RunService;
import io.vox.master.plan.FieldError;
import io.vox.master.report.ActionSummary;
import io.vox.master.report.HtmlReport;
import io.vox.master.report.LatencyOverTime;
import io.vox.master.report.NodeSkew;
import io.vox.master.report.RequestStats;
import io.vox.master.report.ResultList;
import io.vox.master.report.ResultView;
import io.vox.master.report.RunComparison;
import io.vox.master.report.RunView;
import io.vox.master.report.Timeline;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/runs}: start a run from a plan, follow it, read its results. */
@Path("runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
  @Inject RunService runs;
  @Inject ReportService reports;

  /** A run created or asked to change; {@code warnings} about its plan, if any. */
  public record Created(long id, String state, List<String> warnings) {
    public Created(long id, String state) {
      this(id, state, List.of());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String json, @jakarta.ws.rs.core.Context UriInfo uri) {
    RunService.Started run = runs.start(json, System.currentTimeMillis());
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(run.id())).build())
        .entity(new Created(run.id(), "CREATED", run.warnings()))
        .build();
  }

  @GET
  public List<RunView> latest(@QueryParam("max") @DefaultValue("50") int max) {
    if (max < 1 || max > 500) {
      throw new BadParameters(List.of(new FieldError("max", "must be 1 to 500")));
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

  /**
   * Stops a run: the action under way completes (every result of it stored), no further action
   * starts, then the run ends STOPPED. A run not yet in an action stops at once. 202 while it
   * stops, 409 when it had already ended.
   */
  @POST
  @Path("{id}/stop")
  public Response stop(@PathParam("id") long id) {
    return end(id, false, "STOPPING");
  }

  /**
   * Aborts a run now: the nodes stop their users at once and results still in flight are not
   * stored. 202, or 409 when it had already ended.
   */
  @POST
  @Path("{id}/abort")
  public Response abort(@PathParam("id") long id) {
    return end(id, true, "ABORTING");
  }

  private Response end(long id, boolean now, String state) {
    boolean ending;
    try {
      ending = runs.stop(id, now);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("no run " + id);
    }
    if (!ending) {
      return ErrorMappers.json(409, ErrorBody.of("", "run " + id + " has already ended"));
    }
    return Response.accepted(new Created(id, state)).build();
  }

  /**
   * Starts the next action of a run when it waits for an operator (start: manual, or a manual
   * pause): 202, or 409 when the run is not running or has no action left.
   */
  @POST
  @Path("{id}/next")
  public Response next(@PathParam("id") long id) {
    boolean accepted;
    try {
      accepted = runs.next(id);
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
  @Path("{id}/requests")
  public RequestStats requests(@PathParam("id") long id) {
    return reports.requests(run(id));
  }

  @GET
  @Path("{id}/results")
  public ResultView results(
      @PathParam("id") long id,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("100") int size,
      @QueryParam("after") String after) {
    List<FieldError> errors = new ArrayList<>();
    if (page < 0) {
      errors.add(new FieldError("page", "must be 0 or more"));
    }
    if (size < 1 || size > 10_000) {
      errors.add(new FieldError("size", "must be 1 to 10000"));
    }
    long[] cursor = null;
    if (after != null) {
      if (!after.matches("\\d{1,9}:\\d{1,18}")) {
        errors.add(new FieldError("after", "must be action:user, as the previous page's next"));
      } else {
        String[] parts = after.split(":");
        cursor = new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
      }
      if (page != 0) {
        errors.add(new FieldError("page", "give page or after, not both"));
      }
    }
    if (!errors.isEmpty()) {
      throw new BadParameters(errors);
    }
    run(id);
    return reports.results(id, page, size, cursor);
  }

  /**
   * Failed results grouped {@code by} reason (the error text) or node, largest first; or, {@code
   * by=user}, the failed results themselves by action and user, a page at a time. {@code action} 0
   * means all actions.
   */
  @GET
  @Path("{id}/errors")
  public Object errors(
      @PathParam("id") long id,
      @QueryParam("by") @DefaultValue("reason") String by,
      @QueryParam("action") @DefaultValue("0") int action,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("page") @DefaultValue("0") int page) {
    List<FieldError> errors = new ArrayList<>();
    if (!List.of("reason", "node", "user").contains(by)) {
      errors.add(new FieldError("by", "must be reason, node or user"));
    }
    checkLimit(errors, "limit", limit, 10_000);
    if (page < 0) {
      errors.add(new FieldError("page", "must be 0 or more"));
    }
    checkAction(errors, run(id), action, true);
    reject(errors);
    if (by.equals("user")) {
      return reports.errorsByUser(id, action, page, limit);
    }
    return reports.errorGroups(id, action, by.equals("node"), limit);
  }

  /** The {@code limit} successful results of an action with the highest latency. */
  @GET
  @Path("{id}/actions/{action}/slowest")
  public ResultList slowest(
      @PathParam("id") long id,
      @PathParam("action") int action,
      @QueryParam("limit") @DefaultValue("20") int limit) {
    List<FieldError> errors = new ArrayList<>();
    checkLimit(errors, "limit", limit, 10_000);
    RunView run = run(id);
    if (action < 1 || action > run.actions()) {
      throw new NotFoundException("run " + id + " has actions 1 to " + run.actions());
    }
    reject(errors);
    return reports.slowest(id, action, limit);
  }

  /** One user's result of every action of the run, in order. */
  @GET
  @Path("{id}/users/{user}")
  public ResultList user(@PathParam("id") long id, @PathParam("user") long user) {
    RunView run = run(id);
    if (user < 0 || user >= run.users()) {
      throw new NotFoundException("run " + id + " has users 0 to " + (run.users() - 1));
    }
    return reports.user(id, user, run.actions());
  }

  /** The run's results per second of their start: count, errors, mean and max latency. */
  @GET
  @Path("{id}/timeline")
  public Timeline timeline(
      @PathParam("id") long id, @QueryParam("action") @DefaultValue("0") int action) {
    List<FieldError> errors = new ArrayList<>();
    checkAction(errors, run(id), action, true);
    reject(errors);
    return reports.timeline(id, action);
  }

  /** Latency percentiles per second, from the batches' histograms (no row scanned). */
  @GET
  @Path("{id}/latency")
  public LatencyOverTime latency(@PathParam("id") long id) {
    run(id);
    return reports.latencyOverTime(id);
  }

  /** Dispatch skew per node and action. */
  @GET
  @Path("{id}/skew")
  public NodeSkew skew(@PathParam("id") long id) {
    run(id);
    return reports.skew(id);
  }

  /**
   * The run's report as one self-contained HTML page (charts as inline SVG, nothing fetched), to
   * save and open offline.
   */
  @GET
  @Path("{id}/report")
  @Produces(MediaType.TEXT_HTML)
  public Response report(@PathParam("id") long id) {
    String html = HtmlReport.render(reports.reportData(run(id)));
    return Response.ok(html, MediaType.TEXT_HTML + ";charset=utf-8")
        .header("Content-Disposition", "inline; filename=\"run-" + id + ".html\"")
        .build();
  }

  /** Runs {@code a} and {@code b} side by side, action by action, with ratios b / a. */
  @GET
  @Path("compare")
  public RunComparison compare(@QueryParam("a") Long a, @QueryParam("b") Long b) {
    List<FieldError> errors = new ArrayList<>();
    if (a == null) {
      errors.add(new FieldError("a", "is required: a run id"));
    }
    if (b == null) {
      errors.add(new FieldError("b", "is required: a run id"));
    }
    reject(errors);
    return reports.compare(run(a), run(b));
  }

  /**
   * Every result row of the run, streamed in (action, user) order: {@code format=csv} (a header
   * line, then a line per row) or {@code json} (an array of objects).
   */
  @GET
  @Path("{id}/export")
  @Produces({"text/csv", MediaType.APPLICATION_JSON})
  public Response export(
      @PathParam("id") long id, @QueryParam("format") @DefaultValue("csv") String format) {
    if (!format.equals("csv") && !format.equals("json")) {
      throw new BadParameters(List.of(new FieldError("format", "must be csv or json")));
    }
    run(id);
    ExportFormat f = format.equals("csv") ? ExportFormat.CSV : ExportFormat.JSON;
    StreamingOutput body = out -> reports.export(id, f, out); // as the response is written
    return Response.ok(body, f == ExportFormat.CSV ? "text/csv" : MediaType.APPLICATION_JSON)
        .header("Content-Disposition", "attachment; filename=\"run-" + id + "." + format + "\"")
        .build();
  }

  /**
   * Deletes a run that has ended, with all its rows: 200 with the rows deleted, 409 while it is
   * active (stop it first). Reports that arrive for it later are dropped.
   */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    RunService.Deletion done = runs.delete(id);
    if (done instanceof RunService.StillActive a) {
      return ErrorMappers.json(
          409, ErrorBody.of("", "run " + id + " is " + a.state() + ": stop it first"));
    }
    if (done instanceof RunService.Deleted d) {
      return Response.ok(new Deleted(id, d.rows())).build();
    }
    throw new NotFoundException("no run " + id);
  }

  /** What a delete removed. */
  public record Deleted(long id, long rows) {}

  private static void checkLimit(List<FieldError> errors, String field, int value, int max) {
    if (value < 1 || value > max) {
      errors.add(new FieldError(field, "must be 1 to " + max));
    }
  }

  /** Checks an {@code action} parameter; 0 (all) is allowed when {@code all}. */
  private static int checkAction(List<FieldError> errors, RunView run, int action, boolean all) {
    if ((action == 0 && all) || (action >= 1 && action <= run.actions())) {
      return action;
    }
    errors.add(
        new FieldError(
            "action", "must be " + (all ? "0 (all) or " : "") + "1 to " + run.actions()));
    return 0;
  }

  private static void reject(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new BadParameters(errors);
    }
  }
}
