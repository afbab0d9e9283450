package io.vox.master.web;

import io.vox.master.app.PlanService;
import io.vox.master.plan.FieldError;
import io.vox.master.plan.InvalidPlanException;
import io.vox.master.plan.PlanForm;
import io.vox.master.plan.PlanParams;
import io.vox.master.plan.PlanReader;
import io.vox.master.report.PlanView;
import io.vox.master.run.RunPlan;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Backs {@code plan.xhtml?id=N} (no id: a new plan): the plan's top fields in their own inputs and
 * the rest as JSON; on save every error shows beside its input, or under the JSON with its pointer.
 */
@Named
@ViewScoped
public class PlanPage implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String FORM = "plan";
  private static final String STARTER =
      """
      {
        "connect": [],
        "actions": [
          {"name": "ping", "repeat": 2, "steps": [
            {"request": {"method": "GET", "url": "/api/ping", "checks": [{"status": 200}]}}]}
        ]
      }""";

  @Inject PlanService plans;
  @Inject io.vox.master.trial.PlanTrials trials;

  private long id;
  private String name = "";
  private String target = "http://127.0.0.1:18300";
  private String users = "100";
  private String minNodes = "";
  private String rest = STARTER;
  private String trace;
  private Boolean tracePassed;
  private final java.util.Map<String, String> paramValues = new java.util.LinkedHashMap<>();

  /** A parameter the plan declares, for its input. */
  public static final class ParamField implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final boolean secret;

    ParamField(String name, boolean secret) {
      this.name = name;
      this.secret = secret;
    }

    public String getName() {
      return name;
    }

    public boolean isSecret() {
      return secret;
    }
  }

  /**
   * The parameters the form shows inputs for: those of the plan as last loaded, saved or tried, not
   * as typed, so that a submit that also changes the plan's params binds each value typed to the
   * input it was typed in.
   */
  private java.util.List<ParamField> params = java.util.List.of();

  /** Fills the form from plan {@code id}, when there is one. */
  public void load() {
    PlanView p = id > 0 ? plans.find(id) : null;
    if (id > 0 && p == null) {
      message(null, "There is no plan " + id + "; this is a new one.");
      id = 0;
    }
    if (p != null) {
      PlanForm.Fields f = PlanForm.split(p.json());
      name = f.name();
      target = f.target();
      users = f.users();
      minNodes = f.minNodes();
      rest = f.rest();
    }
    params = declared();
  }

  /** Saves the plan and stays, or shows what is wrong. */
  public String save() {
    return store(false);
  }

  /** Saves the plan, starts a run of it and opens the run's page. */
  public String saveAndStart() {
    return store(true);
  }

  private String store(boolean start) {
    if (!Access.mayChange()) {
      return null;
    }
    String json = json();
    RunPlan plan = read(json, false);
    if (plan == null) {
      return null;
    }
    long now = System.currentTimeMillis();
    if (start) {
      String runJson = withValues(json);
      forgetSecrets();
      RunPlan run = runJson == null ? null : read(runJson, true);
      if (run == null) {
        return null;
      }
      return "run?faces-redirect=true&id="
          + plans.saveAndStart(id, plan, json, run, runJson, now).runId();
    }
    long saved = plans.save(id, plan, json, now);
    // the form shows the plan as stored: a secret's value written in it is not kept
    String stored = PlanParams.withoutSecrets(json);
    if (saved == id || !stored.equals(json)) {
      rest = PlanForm.split(stored).rest();
    }
    params = declared();
    id = saved;
    FacesContext.getCurrentInstance()
        .addMessage(
            null,
            new FacesMessage(
                FacesMessage.SEVERITY_INFO, "Plan " + id + " (" + plan.name() + ") saved.", null));
    return null;
  }

  /**
   * Runs the plan as it stands in the form (saved or not) for one user on the master and shows
   * every request it made, or what is wrong with the plan.
   */
  public void tryOneUser() throws InterruptedException {
    trace = null;
    tracePassed = null;
    if (!Access.mayChange()) {
      return;
    }
    String runJson = withValues(json());
    forgetSecrets();
    params = declared();
    RunPlan plan = runJson == null ? null : read(runJson, true);
    if (plan == null) {
      return;
    }
    try {
      var t = trials.run(plan, 1, null);
      trace = t.trace();
      tracePassed = t.passed();
    } catch (IllegalArgumentException | IllegalStateException e) {
      message(null, e.getMessage());
    }
  }

  /** The form's fields as one plan document. */
  private String json() {
    return PlanForm.join(new PlanForm.Fields(name, target, users, minNodes, rest));
  }

  /** The plan {@code json} with the values typed in the parameters' inputs (empty: its own). */
  private String withValues(String json) {
    java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
    java.util.Map<String, Boolean> declared = PlanParams.declared(json);
    paramValues.forEach(
        (name, value) -> {
          if (value != null && !value.isEmpty() && declared.containsKey(name)) {
            given.put(name, value);
          }
        });
    try {
      return PlanParams.withValues(json, given);
    } catch (InvalidPlanException e) {
      e.errors().forEach(f -> message(FORM + ":rest", f.field() + ": " + f.message()));
      return null;
    }
  }

  /** The parameters the form asks for, each with an input. */
  public java.util.List<ParamField> getParams() {
    return params;
  }

  /** The parameters the plan in the form declares. */
  private java.util.List<ParamField> declared() {
    String json;
    try {
      json = json();
    } catch (InvalidPlanException e) {
      return java.util.List.of(); // a top field is wrong: saving says which
    }
    return PlanParams.declared(json).entrySet().stream()
        .map(e -> new ParamField(e.getKey(), e.getValue()))
        .toList();
  }

  /** Secrets typed are used once: the page holds them no longer than the request. */
  private void forgetSecrets() {
    params.stream().filter(ParamField::isSecret).forEach(p -> paramValues.remove(p.getName()));
  }

  /** The values typed for the parameters, by name (a secret one is never shown again). */
  public java.util.Map<String, String> getParamValues() {
    return paramValues;
  }

  /**
   * The plan {@code json} (each parameter with its value when {@code needValues}), or null after
   * showing each error beside its input.
   */
  private RunPlan read(String json, boolean needValues) {
    try {
      return needValues ? new PlanReader().read(json) : new PlanReader().readKept(json);
    } catch (InvalidPlanException e) {
      for (FieldError f : e.errors()) {
        boolean own = PlanForm.FIELDS.contains(f.field());
        String input = own ? f.field().substring(1) : "rest";
        message(
            FORM + ":" + input, (own || f.field().isEmpty() ? "" : f.field() + ": ") + f.message());
      }
      return null;
    }
  }

  /** The last trial's trace, or null. */
  public String getTrace() {
    return trace;
  }

  /** Whether the last trial passed every check; null before one. */
  public Boolean getTracePassed() {
    return tracePassed;
  }

  private static void message(String clientId, String text) {
    FacesContext.getCurrentInstance()
        .addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getUsers() {
    return users;
  }

  public void setUsers(String users) {
    this.users = users;
  }

  public String getMinNodes() {
    return minNodes;
  }

  public void setMinNodes(String minNodes) {
    this.minNodes = minNodes;
  }

  public String getRest() {
    return rest;
  }

  public void setRest(String rest) {
    this.rest = rest;
  }
}
