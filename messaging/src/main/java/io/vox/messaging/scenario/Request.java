package io.vox.messaging.scenario;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request. {@code url} (a path below the run's target, or an absolute http(s) URL), header
 * values and {@code body} may hold {@code ${name}} placeholders: {@code user}, {@code action}, a
 * value extracted earlier, or {@code feeder.column}. At most one body: {@code body} (text), {@code
 * form} (fields, URL-encoded once rendered), {@code multipart} (form-data parts) or {@code
 * bodyBase64} (bytes sent as they are). Without a status check, a status of 400 or more is an
 * error. Redirects are followed unless {@code followRedirects} is false (null means true).
 */
public record Request(
    String name,
    String method,
    String url,
    Map<String, String> headers,
    String body,
    List<Check> checks,
    List<Extract> extract,
    Boolean followRedirects,
    Map<String, String> form,
    List<Part> multipart,
    String bodyBase64) {
  public Request {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    checks = checks == null ? List.of() : List.copyOf(checks);
    extract = extract == null ? List.of() : List.copyOf(extract);
    form =
        form == null
            ? null
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(form));
    multipart = multipart == null ? null : List.copyOf(multipart);
  }

  /**
   * What the step is called in errors and per-request figures: its name, or its method and URL as
   * written ({@code GET /api/items/${id}}).
   */
  public String label() {
    return name != null ? name : method + " " + url;
  }

  /** Whether a redirect response is followed to its Location. */
  public boolean follows() {
    return followRedirects == null || followRedirects;
  }
}
