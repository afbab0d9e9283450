package io.vox.messaging.scenario;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request to the run's target. {@code url} (a path below the target), header values and
 * {@code body} may hold {@code ${name}} placeholders: {@code user}, {@code action}, a value
 * extracted earlier, or {@code feeder.column}. Without a status check, a status of 400 or more is
 * an error.
 */
public record Request(
    String name,
    String method,
    String url,
    Map<String, String> headers,
    String body,
    List<Check> checks,
    List<Extract> extract) {
  public Request {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    checks = checks == null ? List.of() : List.copyOf(checks);
    extract = extract == null ? List.of() : List.copyOf(extract);
  }
}
