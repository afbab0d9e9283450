package io.vox.master.web;

import io.vox.master.app.PlanService;
import io.vox.master.app.RunService;
import io.vox.master.plan.FieldError;
import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanReader;
import io.vox.master.run.RunPlan;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Backs {@code plans.xhtml}: the saved plans, each to edit, start or delete, and a JSON file to
 * upload as a new plan (checked like any plan; its errors are listed by JSON pointer).
 */
@Named
@RequestScoped
public class PlansPage {
  /** The largest plan file taken, as {@code POST /api/runs} (a plan of 10M feeder rows is less). */
  static final int MAX_UPLOAD = 8 << 20;

  private final PlanReader reader = new PlanReader();

  @Inject PlanService plans;
  @Inject RunService runs;

  private Part file;
  private List<Map<String, Object>> rows;

  public List<Map<String, Object>> getPlans() {
    if (rows == null) {
      rows = Rows.of(plans.all());
    }
    return rows;
  }

  public Part getFile() {
    return file;
  }

  public void setFile(Part file) {
    this.file = file;
  }

  /** Starts a run of plan {@code id} and opens its page. */
  public String start(long id) {
    if (!Access.mayChange()) {
      return null;
    }
    RunService.Started run;
    try {
      run = runs.startSaved(id, System.currentTimeMillis());
    } catch (InvalidPlanException e) {
      // a parameter without a value: the plan's page has an input for each
      return "plan?faces-redirect=true&id=" + id;
    }
    if (run == null) {
      say(FacesMessage.SEVERITY_WARN, "Plan " + id + " is gone.");
      return null;
    }
    return "run?faces-redirect=true&id=" + run.id();
  }

  public void delete(long id) {
    if (!Access.mayChange()) {
      return;
    }
    if (plans.delete(id)) {
      say(FacesMessage.SEVERITY_INFO, "Plan " + id + " deleted.");
    }
    rows = null;
  }

  /** Saves the uploaded file as a new plan, or lists what is wrong with it. */
  public void upload() {
    if (!Access.mayChange()) {
      return;
    }
    if (file == null || file.getSize() == 0) {
      say(FacesMessage.SEVERITY_WARN, "Choose a plan file (JSON) first.");
      return;
    }
    String name = file.getSubmittedFileName();
    if (file.getSize() > MAX_UPLOAD) {
      say(FacesMessage.SEVERITY_ERROR, name + ": larger than " + (MAX_UPLOAD >> 20) + " MiB.");
      return;
    }
    String json;
    try (InputStream in = file.getInputStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      say(FacesMessage.SEVERITY_ERROR, name + ": could not be read (" + e.getMessage() + ").");
      return;
    }
    try {
      RunPlan plan = reader.readKept(json);
      long id = plans.create(plan, json, System.currentTimeMillis());
      say(FacesMessage.SEVERITY_INFO, "Plan " + id + " (" + plan.name() + ") saved from " + name);
    } catch (InvalidPlanException e) {
      for (FieldError f : e.errors()) {
        String where = f.field().isEmpty() ? "plan" : f.field();
        say(FacesMessage.SEVERITY_ERROR, name + " " + where + ": " + f.message());
      }
    }
    rows = null;
  }

  private static void say(FacesMessage.Severity severity, String text) {
    FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
  }
}
