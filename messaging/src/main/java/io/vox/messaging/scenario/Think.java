package io.vox.messaging.scenario;

/**
 * A pause of the user: constant {@code ms}, uniform between {@code minMs} and {@code maxMs}, or
 * exponential with mean {@code meanMs} (capped at ten times the mean). Exactly one form is set.
 */
public record Think(Integer ms, Integer minMs, Integer maxMs, Integer meanMs) {}
