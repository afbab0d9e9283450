package io.vox.master.app;

import io.vox.master.app.port.PlanStore;
import io.vox.master.app.port.ReportQueries;
import io.vox.master.app.port.RunReports;
import io.vox.master.plan.PlanReader;
import io.vox.master.report.PlanView;
import io.vox.master.report.RunView;
import io.vox.master.run.RunPlan;
import io.vox.master.run.RunStore;
import io.vox.persistence.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * What can be done to runs: start one (from a plan's JSON, a saved plan, or a plan already read),
 * stop, abort, ask for the next action, delete. A started run is a CREATED row; {@code RunTicker}
 * (every 250 ms) hands it to the {@link io.vox.master.run.RunCoordinator}, which finds nodes, sends
 * {@code StartRun} and drives the actions.
 *
 * <p>A CDI bean, not an EJB: an EJB would wrap in an {@code EJBException} the {@link
 * io.vox.master.plan.InvalidPlanException} that the REST layer maps to 400, and the {@link
 * IllegalArgumentException} (no such run) that its callers turn into a 404 or a page message.
 */
@ApplicationScoped
public class RunService {
  private final PlanReader reader = new PlanReader();

  @Inject RunStore runs;
  @Inject PlanStore plans;
  @Inject RunReports reports;
  @Inject ReportQueries queries;

  /** A run created; {@code warnings} about its plan, if any. */
  public record Started(long id, List<String> warnings) {}

  /**
   * Starts a run of the plan {@code json}.
   *
   * @throws io.vox.master.plan.InvalidPlanException naming each wrong field
   */
  @Transactional
  public Started start(String json, long nowMs) {
    RunPlan plan = reader.read(json);
    return new Started(runs.create(plan, json, nowMs), plan.warnings());
  }

  /** Starts a run of {@code plan}, read from {@code json} already. */
  @Transactional
  public long start(RunPlan plan, String json, long nowMs) {
    return runs.create(plan, json, nowMs);
  }

  /** Starts a run of saved plan {@code planId}; null when there is no such plan. */
  @Transactional
  public Started startSaved(long planId, long nowMs) {
    return startSaved(planId, java.util.Map.of(), nowMs);
  }

  /**
   * Starts a run of saved plan {@code planId} with {@code params} as its parameters' values; null
   * when there is no such plan.
   *
   * @throws io.vox.master.plan.InvalidPlanException naming a parameter the plan lacks, or one
   *     without a value
   */
  @Transactional
  public Started startSaved(long planId, java.util.Map<String, String> params, long nowMs) {
    PlanView p = plans.find(planId);
    if (p == null) {
      return null;
    }
    return start(io.vox.master.plan.PlanParams.withValues(p.json(), params), nowMs);
  }

  /**
   * Stops run {@code id} once the action under way is complete ({@code now} false), or aborts it
   * now; false when it had already ended.
   *
   * @throws IllegalArgumentException when there is no such run
   */
  @Transactional
  public boolean stop(long id, boolean now) {
    return runs.requestStop(id, now);
  }

  /**
   * Asks for the next action of run {@code id} (one that starts manually, or after a manual pause);
   * false when the run is not running or has no action left.
   *
   * @throws IllegalArgumentException when there is no such run
   */
  @Transactional
  public boolean next(long id) {
    return runs.requestNext(id);
  }

  /** What {@link #delete} did. */
  public sealed interface Deletion {}

  /** There was no such run. */
  public record NoRun() implements Deletion {}

  /** The run is still active: stop it first. */
  public record StillActive(RunState state) implements Deletion {}

  /** The run and its {@code rows} result rows are gone. */
  public record Deleted(long rows) implements Deletion {}

  /**
   * Deletes run {@code id}, once ended, with all its rows. No transaction of its own: the rows go
   * in chunks, one commit each, so a 10M-row run neither holds locks nor hits a timeout.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public Deletion delete(long id) {
    RunView run = reports.run(id);
    if (run == null) {
      return new NoRun();
    }
    if (run.active()) {
      return new StillActive(run.state());
    }
    return new Deleted(queries.delete(id));
  }

  /**
   * Records that node {@code nodeId} (process {@code incarnation}, "" when unknown) is ready for
   * run {@code runId} with its users' connections made or failed.
   */
  @Transactional
  public void nodeReady(long runId, String nodeId, String incarnation, int connected, int failed) {
    runs.nodeReady(runId, nodeId, incarnation, connected, failed);
  }
}
