package io.vox.messaging.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A text with {@code ${name}} placeholders, split once so that rendering is a few appends. {@code
 * $${} writes a literal {@code ${}.
 */
public final class Template {
  /** One piece of a rendered text. */
  interface Part {
    void appendTo(StringBuilder out, Session session);
  }

  private record Name(String name) {}

  private final String constant;
  private final Part[] parts;
  private final int sizeHint;

  private Template(String constant, Part[] parts, int sizeHint) {
    this.constant = constant;
    this.parts = parts;
    this.sizeHint = sizeHint;
  }

  /**
   * The placeholder names in {@code text}, in order.
   *
   * @throws IllegalArgumentException on an unclosed or empty placeholder
   */
  public static List<String> placeholders(String text) {
    return scan(text).stream().filter(Name.class::isInstance).map(p -> ((Name) p).name()).toList();
  }

  /** Compiles {@code text} against {@code vocabulary}; null stays null. */
  public static Template compile(String text, Vocabulary vocabulary) {
    if (text == null) {
      return null;
    }
    List<Object> pieces = scan(text);
    if (pieces.size() == 1 && pieces.get(0) instanceof String constant) {
      return new Template(constant, null, 0);
    }
    List<Part> parts = new ArrayList<>();
    for (Object piece : pieces) {
      if (piece instanceof String literal) {
        parts.add((out, s) -> out.append(literal));
      } else {
        parts.add(vocabulary.part(((Name) piece).name()));
      }
    }
    return new Template(null, parts.toArray(Part[]::new), text.length() + 32);
  }

  private static List<Object> scan(String text) {
    List<Object> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ${ at character " + i);
        }
        String name = text.substring(i + 2, end).trim();
        if (name.isEmpty()) {
          throw new IllegalArgumentException("empty ${} at character " + i);
        }
        if (literal.length() > 0) {
          pieces.add(literal.toString());
          literal.setLength(0);
        }
        pieces.add(new Name(name));
        i = end + 1;
      } else {
        literal.append(text.charAt(i++));
      }
    }
    if (literal.length() > 0 || pieces.isEmpty()) {
      pieces.add(literal.toString());
    }
    return pieces;
  }

  /** Whether the text has no placeholder. */
  public boolean isConstant() {
    return constant != null;
  }

  public String render(Session session) {
    if (constant != null) {
      return constant;
    }
    StringBuilder out = new StringBuilder(sizeHint);
    for (Part p : parts) {
      p.appendTo(out, session);
    }
    return out.toString();
  }
}
