package io.vox.messaging.scenario;

/**
 * One part of a multipart/form-data body: a text {@code value} (may hold {@code ${name}}), or the
 * bytes of a file as {@code base64} with its {@code filename}; {@code contentType} is optional.
 */
public record Part(String name, String value, String base64, String filename, String contentType) {}
