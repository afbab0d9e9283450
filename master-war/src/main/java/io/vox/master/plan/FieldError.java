package io.vox.master.plan;

/** One wrong field of a request: its JSON pointer and what is wrong with it. */
public record FieldError(String field, String message) {}
