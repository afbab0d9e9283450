package io.vox.node.user;

import java.util.ArrayList;
import java.util.List;

/**
 * A text with {@code ${user}}, {@code ${token}} and {@code ${action}} placeholders, split once so
 * rendering is a few appends.
 */
public final class Template {
  private static final String[] NAMES = {"user", "token", "action"};
  private final String[] literals;
  private final int[] slots;

  private Template(String[] literals, int[] slots) {
    this.literals = literals;
    this.slots = slots;
  }

  /** Compiles {@code text}; null stays null. Unknown placeholders are kept as written. */
  public static Template of(String text) {
    if (text == null) {
      return null;
    }
    List<String> lits = new ArrayList<>();
    List<Integer> slotList = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int slot = slotAt(text, i);
      if (slot >= 0) {
        lits.add(lit.toString());
        lit.setLength(0);
        slotList.add(slot);
        i += NAMES[slot].length() + 3;
      } else {
        lit.append(text.charAt(i++));
      }
    }
    lits.add(lit.toString());
    return new Template(
        lits.toArray(String[]::new), slotList.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int slotAt(String text, int i) {
    for (int s = 0; s < NAMES.length; s++) {
      if (text.startsWith("${" + NAMES[s] + "}", i)) {
        return s;
      }
    }
    return -1;
  }

  public String render(long user, String token, int action) {
    if (slots.length == 0) {
      return literals[0];
    }
    StringBuilder out = new StringBuilder(64);
    for (int i = 0; i < slots.length; i++) {
      out.append(literals[i]);
      switch (slots[i]) {
        case 0 -> out.append(user);
        case 1 -> out.append(token == null ? "" : token);
        default -> out.append(action);
      }
    }
    return out.append(literals[slots.length]).toString();
  }
}
