package io.vox.master.app.port;

import io.vox.master.report.PlanView;
import io.vox.master.run.RunPlan;
import java.util.List;

/** Saved plans: their JSON as submitted, and what was read from it. */
public interface PlanStore {
  List<PlanView> all();

  /** The plan, or null when there is none. */
  PlanView find(long id);

  long create(RunPlan plan, String json, long nowMs);

  /** Replaces plan {@code id}; false when there is none. */
  boolean update(long id, RunPlan plan, String json, long nowMs);

  /** False when there was none. */
  boolean delete(long id);
}
