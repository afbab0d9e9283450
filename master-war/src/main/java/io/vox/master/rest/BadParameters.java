package io.vox.master.rest;

import io.vox.master.plan.FieldError;
import java.util.List;

/** Query or path parameters out of range: a 400 naming each, shaped as a bad plan's. */
public class BadParameters extends RuntimeException {
  private final transient List<FieldError> errors;

  public BadParameters(List<FieldError> errors) {
    super(errors.size() + " bad parameter(s), first: " + errors.get(0));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
