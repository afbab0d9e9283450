package io.vox.messaging.scenario;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket step of a user, one of four kinds. {@code connect}: open the user's WebSocket to
 * {@code url} (a path below the target, templated) with {@code headers}; it takes the place of any
 * WebSocket the user had open. {@code send}: send {@code text} (templated) as a text message.
 * {@code expect}: wait up to {@code timeoutMs} for the next text message, then run {@code checks}
 * (bodyContains, jsonPath, maxLatencyMs) and {@code extract} on it. {@code close}: close it.
 */
public record WebSocketStep(
    String kind,
    String url,
    Map<String, String> headers,
    String text,
    List<Check> checks,
    List<Extract> extract,
    int timeoutMs) {
  public static final String CONNECT = "connect";
  public static final String SEND = "send";
  public static final String EXPECT = "expect";
  public static final String CLOSE = "close";

  public WebSocketStep {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    checks = checks == null ? List.of() : List.copyOf(checks);
    extract = extract == null ? List.of() : List.copyOf(extract);
  }
}
