package io.vox.master.jpa;

import io.vox.master.plan.PlanParams;
import io.vox.master.report.PlanView;
import io.vox.master.run.RunPlan;
import io.vox.persistence.SavedPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Saved plans in MySQL through JPA; every method joins the caller's JTA transaction. */
@ApplicationScoped
public class JpaPlanStore implements io.vox.master.app.port.PlanStore {
  @PersistenceContext(unitName = "vox")
  EntityManager em;

  /** Every saved plan by name, without its text. */
  public List<PlanView> all() {
    return em.createNamedQuery(SavedPlan.ALL, SavedPlan.class).getResultList().stream()
        .map(p -> view(p, false))
        .toList();
  }

  /** The plan with its text, or null. */
  public PlanView find(long id) {
    SavedPlan p = em.find(SavedPlan.class, id);
    return p == null ? null : view(p, true);
  }

  /** Saves a validated plan (its JSON as written, without secrets); returns its id. */
  public long create(RunPlan plan, String json, long nowMs) {
    SavedPlan p =
        new SavedPlan(
            plan.name(), PlanParams.withoutSecrets(json), plan.users(), plan.actions(), nowMs);
    em.persist(p);
    em.flush();
    return p.getId();
  }

  /** Replaces plan {@code id}; false when there is none. */
  public boolean update(long id, RunPlan plan, String json, long nowMs) {
    SavedPlan p = em.find(SavedPlan.class, id);
    if (p == null) {
      return false;
    }
    p.update(plan.name(), PlanParams.withoutSecrets(json), plan.users(), plan.actions(), nowMs);
    return true;
  }

  /** Deletes plan {@code id} (its runs keep their own copy); false when there is none. */
  public boolean delete(long id) {
    SavedPlan p = em.find(SavedPlan.class, id);
    if (p == null) {
      return false;
    }
    em.remove(p);
    return true;
  }

  private static PlanView view(SavedPlan p, boolean withJson) {
    return new PlanView(
        p.getId(),
        p.getName(),
        p.getUsers(),
        p.getActions(),
        p.getCreatedAtMs(),
        p.getUpdatedAtMs(),
        withJson ? p.getPlanJson() : null);
  }
}
