package io.vox.messaging.scenario;

/** One step of a user: exactly one of an HTTP request, a think time and a WebSocket step. */
public record Step(Request request, Think think, WebSocketStep ws) {}
