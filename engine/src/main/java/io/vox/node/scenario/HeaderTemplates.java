package io.vox.node.scenario;

import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Vocabulary;
import java.util.Map;

/** A step's headers, compiled once: names in order and their templated values. */
final class HeaderTemplates {
  private static final String[] NONE = new String[0];
  private final String[] names;
  private final Template[] values;

  HeaderTemplates(Map<String, String> headers, Vocabulary vocabulary) {
    this.names = headers.keySet().stream().sorted().toArray(String[]::new);
    this.values = new Template[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = Template.compile(headers.get(names[i]), vocabulary);
    }
  }

  /** Whether header {@code name} (any case) is among them. */
  boolean has(String name) {
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Names and rendered values, alternating; plus {@code Cookie} when {@code cookie} is set. */
  String[] render(Session session, String cookie) {
    int n = names.length * 2 + (cookie != null ? 2 : 0);
    if (n == 0) {
      return NONE;
    }
    String[] out = new String[n];
    for (int i = 0; i < names.length; i++) {
      out[2 * i] = names[i];
      out[2 * i + 1] = values[i].render(session);
    }
    if (cookie != null) {
      out[n - 2] = "Cookie";
      out[n - 1] = cookie;
    }
    return out;
  }
}
