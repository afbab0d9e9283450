package io.vox.messaging.scenario;

/**
 * Saves a value of a response into the user's session as {@code name}; exactly one source is set: a
 * JSON path into the body, a response header, or a regular expression over the body (its first
 * group, or the whole match when it has none). A value that is not found fails the step.
 */
public record Extract(String name, String jsonPath, String header, String regex) {}
