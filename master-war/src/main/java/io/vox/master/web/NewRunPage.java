package io.vox.master.web;

import io.vox.master.jpa.JpaRunStore;
import io.vox.master.plan.FieldError;
import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanReader;
import io.vox.master.run.RunPlan;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.transaction.Transactional;

/**
 * Backs {@code new.xhtml}: the same plan document as {@code POST /api/runs} and {@code vox run},
 * pasted into a form; every wrong field is shown with its JSON pointer, the text is kept.
 */
@Named
@RequestScoped
public class NewRunPage {
  private final PlanReader plans = new PlanReader();

  @Inject JpaRunStore store;

  private String json = "";

  public String getJson() {
    return json;
  }

  public void setJson(String json) {
    this.json = json;
  }

  /** Starts a run of the plan and goes to the run list, or stays with the errors. */
  @Transactional
  public String start() {
    FacesContext faces = FacesContext.getCurrentInstance();
    RunPlan plan;
    try {
      plan = plans.read(json);
    } catch (InvalidPlanException e) {
      for (FieldError f : e.errors()) {
        String where = f.field().isEmpty() ? "plan" : f.field();
        faces.addMessage(
            "plan:json",
            new FacesMessage(FacesMessage.SEVERITY_ERROR, where + ": " + f.message(), null));
      }
      return null;
    }
    long id = store.create(plan, json, System.currentTimeMillis());
    faces
        .getExternalContext()
        .getFlash()
        .put("started", "Run " + id + " (" + plan.name() + ") created.");
    return "index?faces-redirect=true";
  }
}
