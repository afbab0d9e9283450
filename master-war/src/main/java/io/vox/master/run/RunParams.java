package io.vox.master.run;

import io.vox.messaging.scenario.Masker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's parameters: the plain ones' {@code values}, already written into its plan, and its secret
 * ones: their names, and the {@code secrets} known in this process (none once the master restarted:
 * they are never stored).
 */
public record RunParams(
    Map<String, String> values, List<String> secretNames, Map<String, String> secrets) {
  public static final RunParams NONE = new RunParams(Map.of(), List.of(), Map.of());

  public RunParams {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    secretNames = List.copyOf(secretNames);
    secrets = Map.copyOf(secrets);
  }

  /** Whether every secret parameter has its value here. */
  public boolean complete() {
    return secrets.keySet().containsAll(secretNames);
  }

  /** These parameters with the secrets' values {@code known} (those the plan declares). */
  public RunParams withSecrets(Map<String, String> known) {
    Map<String, String> s = new LinkedHashMap<>();
    secretNames.forEach(
        n -> {
          if (known.get(n) != null) {
            s.put(n, known.get(n));
          }
        });
    return new RunParams(values, secretNames, s);
  }

  /** Every parameter by name, for display: the secrets' values masked. */
  public Map<String, String> shown() {
    Map<String, String> shown = new LinkedHashMap<>(values);
    secretNames.forEach(n -> shown.put(n, Masker.MASK));
    return shown;
  }
}
