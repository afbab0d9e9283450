package io.vox.messaging.scenario;

/**
 * One step of a user: exactly one of an HTTP request, a think time, a WebSocket step and a logic
 * step (which holds steps of its own).
 */
public record Step(Request request, Think think, WebSocketStep ws, Logic logic) {}
