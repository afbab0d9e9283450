package io.vox.messaging.scenario;

/**
 * A condition on a response; exactly one kind is set. {@code status}: the status equals it. {@code
 * jsonPath}: the path exists in the JSON body and, when {@code equals} is set, its value as text
 * equals it. {@code bodyContains}: the body contains the text. {@code maxLatencyMs}: the request
 * took at most that long.
 */
public record Check(
    Integer status, String jsonPath, String equals, String bodyContains, Integer maxLatencyMs) {}
