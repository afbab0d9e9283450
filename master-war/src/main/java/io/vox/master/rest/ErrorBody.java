package io.vox.master.rest;

import io.vox.master.plan.FieldError;
import java.util.List;

/** Every REST error has this shape: {"errors":[{"field":"/users","message":"..."}]}. */
public record ErrorBody(List<FieldError> errors) {
  static ErrorBody of(String field, String message) {
    return new ErrorBody(List.of(new FieldError(field, message)));
  }
}
