package io.vox.messaging.scenario;

/** One step of a user: exactly one of an HTTP request or a think time. */
public record Step(Request request, Think think) {}
