package io.vox.messaging.scenario;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hides the values of a run's secret parameters in a text (an error, a log line, a trace): each
 * becomes {@value #MASK}, as written and as it reads once URL-encoded (in a query or a form).
 */
public final class Masker implements UnaryOperator<String> {
  public static final String MASK = "******";
  public static final Masker NONE = new Masker(new String[0]);
  private final String[] forms;

  private Masker(String[] forms) {
    this.forms = forms;
  }

  /** A masker of {@code secrets} (empty values are ignored). */
  public static Masker of(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s != null && !s.isEmpty()) {
        forms.add(s);
        String form = URLEncoder.encode(s, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
      }
    }
    if (forms.isEmpty()) {
      return NONE;
    }
    // the longest first, so that a secret holding another is hidden whole
    return new Masker(
        forms.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toArray(String[]::new));
  }

  /** Whether there is nothing to hide. */
  public boolean none() {
    return forms.length == 0;
  }

  @Override
  public String apply(String text) {
    if (text == null) {
      return null;
    }
    for (String f : forms) {
      if (text.contains(f)) {
        text = text.replace(f, MASK);
      }
    }
    return text;
  }
}
