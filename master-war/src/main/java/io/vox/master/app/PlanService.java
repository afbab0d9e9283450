package io.vox.master.app;

import io.vox.master.app.port.PlanStore;
import io.vox.master.report.PlanView;
import io.vox.master.run.RunPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Saved plans: list, read, save (checked as a run would be), replace, delete. */
@ApplicationScoped
public class PlanService {
  @Inject PlanStore plans;
  @Inject RunService runs;

  /** A plan saved and the run started of it. */
  public record SavedAndStarted(long planId, long runId) {}

  public List<PlanView> all() {
    return plans.all();
  }

  /** The plan, or null when there is none. */
  public PlanView find(long id) {
    return plans.find(id);
  }

  /** Saves {@code plan}, read from {@code json}; returns its id. */
  @Transactional
  public long create(RunPlan plan, String json, long nowMs) {
    return plans.create(plan, json, nowMs);
  }

  /** Replaces plan {@code id}; false when there is none. */
  @Transactional
  public boolean update(long id, RunPlan plan, String json, long nowMs) {
    return plans.update(id, plan, json, nowMs);
  }

  /** Saves {@code plan} as plan {@code id}, or as a new plan when there is none; returns its id. */
  @Transactional
  public long save(long id, RunPlan plan, String json, long nowMs) {
    if (id > 0 && plans.update(id, plan, json, nowMs)) {
      return id;
    }
    return plans.create(plan, json, nowMs);
  }

  /**
   * Saves the plan as {@link #save} does and starts a run of it, both or neither: the run of {@code
   * run}, read from {@code runJson} (the plan with its parameters' values).
   */
  @Transactional
  public SavedAndStarted saveAndStart(
      long id, RunPlan plan, String json, RunPlan run, String runJson, long nowMs) {
    long planId = save(id, plan, json, nowMs);
    return new SavedAndStarted(planId, runs.start(run, runJson, nowMs));
  }

  /** Deletes plan {@code id}; false when there was none. */
  @Transactional
  public boolean delete(long id) {
    return plans.delete(id);
  }
}
