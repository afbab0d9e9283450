package io.vox.master.plan;

import java.util.List;

/** A plan with one or more wrong fields; carries all of them. */
public class InvalidPlanException extends RuntimeException {
  private final transient List<FieldError> errors;

  public InvalidPlanException(List<FieldError> errors) {
    super(errors.size() + " error(s) in plan, first: " + errors.get(0));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
